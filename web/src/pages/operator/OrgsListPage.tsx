import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { operatorApi, unwrap } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { Notice } from '../../components/Notice';
import { PageLoader } from '../../components/PageLoader';
import { TableHeader } from '../../components/TableHeader';
import { formatDate, formatNumber } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';

/** /operator/orgs: every organization of the installation. */
export function OrgsListPage() {
  usePageTitle('Organizations');
  const [params, setParams] = useSearchParams();
  const [q] = useDebouncedValue(params.get('q') ?? '', 300);
  const orgs = useInfiniteQuery({
    queryKey: ['operator-orgs', q],
    initialPageParam: null as string | null,
    getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor,
    queryFn: ({ pageParam }) =>
      unwrap(
        operatorApi.GET('/api/v1/orgs', {
          params: { query: { limit: 50, ...(q.trim() ? { q: q.trim() } : {}), ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const items = orgs.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="lg">
      <Notice />
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Title order={1} fz={26}>
            Organizations
          </Title>
          <Text c="dimmed" fz="sm">
            Plans on this installation, their seats and renewal dates.
          </Text>
        </Stack>
        <Button component={Link} to="/operator/orgs/new" leftSection={<IconPlus size={18} />}>
          Create organization
        </Button>
      </Group>
      <Paper withBorder radius="lg" p="md" shadow="xs">
        <Stack>
          <TextInput
            label="Search"
            placeholder="Name or slug"
            leftSection={<IconSearch size={16} />}
            type="search"
            value={params.get('q') ?? ''}
            onChange={(event) => setParams(event.currentTarget.value ? { q: event.currentTarget.value } : {}, { replace: true })}
            maw={360}
          />
          {orgs.isPending ? (
            <PageLoader />
          ) : orgs.isError ? (
            <ErrorAlert error={orgs.error} title="Could not load the organizations" onRetry={() => void orgs.refetch()} />
          ) : items.length === 0 ? (
            <Text c="dimmed" ta="center" py="xl">
              {q ? 'No organization matches.' : 'No organizations yet. Create the first one.'}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table aria-label="Organizations">
                <TableHeader labels={['Name', 'Plan', 'Seats used', 'Renewal', 'Created']} />
                <Table.Tbody>
                  {items.map((org) => (
                    <Table.Tr key={org.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/orgs/${org.id}/members`} fw={600} fz="sm">
                          {org.name}
                        </Anchor>
                        <Text fz="xs" c="dimmed">
                          {org.slug}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={org.kind === 'trial' ? 'yellow' : 'indigo'}>
                          {org.kind === 'trial' ? 'Trial' : 'Paid'}
                        </Badge>
                      </Table.Td>
                      <Table.Td fz="sm">
                        {formatNumber(org.seatsUsed)} / {formatNumber(org.seats)}
                      </Table.Td>
                      <Table.Td fz="sm">{formatDate(org.renewalDate)}</Table.Td>
                      <Table.Td fz="sm">{formatDate(org.createdAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <LoadMore list={orgs} label="Load more" failure="Could not load more organizations" />
        </Stack>
      </Paper>
    </Stack>
  );
}
