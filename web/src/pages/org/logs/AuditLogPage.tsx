import { Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { currentApi, unwrap } from '../../../api/client';
import { DownloadLink } from '../../../components/DownloadLink';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadMore } from '../../../components/LoadMore';
import { PageLoader } from '../../../components/PageLoader';
import { usePageTitle } from '../../../lib/use-page-title';
import { useOrg } from '../org-context';
import { AuditTable } from './AuditTable';
import { ACTION_FILTER_GROUPS, dayEnd, dayStart } from './actions';

const FILTERS = ['action', 'actor', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];

/** who did what, when and from where; newest first, filters in the URL. */
export function AuditLogPage() {
  const { org } = useOrg();
  usePageTitle(`Logs · ${org.name}`);
  const [params, setParams] = useSearchParams();
  const value = (name: Filter) => params.get(name) ?? '';
  const set = (name: Filter, next: string) =>
    setParams(
      (current) => {
        const copy = new URLSearchParams(current);
        if (next.trim()) copy.set(name, next);
        else copy.delete(name);
        return copy;
      },
      { replace: name === 'actor' || name === 'action' },
    );
  const [actor, setActor] = useState(value('actor'));
  const urlActor = value('actor');
  useEffect(() => setActor(urlActor), [urlActor]);
  const setActorLater = useDebouncedCallback((next: string) => set('actor', next), 350);

  const filters = { action: value('action').trim(), actor: urlActor.trim(), from: dayStart(value('from')), to: dayEnd(value('to')) };
  const log = useInfiniteQuery({
    queryKey: ['audit', org.id, filters],
    initialPageParam: null as string | null,
    getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor,
    queryFn: ({ pageParam }) =>
      unwrap(
        currentApi().GET('/api/v1/orgs/{orgId}/audit-log', {
          params: {
            path: { orgId: org.id },
            query: {
              limit: 50,
              ...(filters.action ? { action: filters.action } : {}),
              ...(filters.actor ? { actor: filters.actor } : {}),
              ...(filters.from ? { from: filters.from } : {}),
              ...(filters.to ? { to: filters.to } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
  });
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = FILTERS.some((name) => value(name) !== '');
  const exportQuery = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const exportBase = `/api/v1/orgs/${org.id}/exports/audit-log`;
  const day = new Date().toISOString().slice(0, 10);

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1} fz={26}>
          Logs
        </Title>
        <Text c="dimmed" fz="sm">
          Every change in {org.name}: who made it, when and from where. Newest first; entries are never edited or deleted.
        </Text>
      </Stack>
      <Paper withBorder radius="lg" shadow="xs" p="md">
        <Stack gap="md">
          <Group gap="sm" align="flex-end" wrap="wrap">
            <Select
              label="Action"
              placeholder="Every action"
              data={ACTION_FILTER_GROUPS}
              value={value('action') || null}
              onChange={(next) => set('action', next ?? '')}
              searchable
              clearable
              w={260}
            />
            <TextInput
              label="Actor"
              placeholder="Email, operator or system"
              value={actor}
              onChange={(event) => {
                setActor(event.currentTarget.value);
                setActorLater(event.currentTarget.value);
              }}
              w={230}
            />
            <TextInput
              label="From"
              type="date"
              value={value('from')}
              onChange={(event) => set('from', event.currentTarget.value)}
              w={170}
            />
            <TextInput label="To" type="date" value={value('to')} onChange={(event) => set('to', event.currentTarget.value)} w={170} />
            {filtered ? (
              <Button variant="subtle" onClick={() => setParams(new URLSearchParams())}>
                Clear filters
              </Button>
            ) : null}
            <Group gap="md" ml="auto" aria-label="Download what the filters show">
              <DownloadLink href={`${exportBase}.csv?${exportQuery}`} fileName={`audit-log-${day}.csv`}>
                CSV
              </DownloadLink>
              <DownloadLink href={`${exportBase}.jsonl?${exportQuery}`} fileName={`audit-log-${day}.jsonl`}>
                JSON Lines
              </DownloadLink>
            </Group>
          </Group>
          {log.isPending ? (
            <PageLoader label="Loading the log…" />
          ) : log.isError ? (
            <ErrorAlert error={log.error} title="Could not load the log" onRetry={() => void log.refetch()} />
          ) : entries.length === 0 ? (
            <Text c="dimmed" ta="center" py="xl">
              {filtered ? 'No entries match these filters.' : 'Nothing has happened yet.'}
            </Text>
          ) : (
            <AuditTable entries={entries} />
          )}
          <LoadMore list={log} label="Load older entries" failure="Could not load older entries" />
        </Stack>
      </Paper>
    </Stack>
  );
}
