import { Badge, Box, Button, Group, LoadingOverlay, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconUserPlus, IconUsersPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import type { MemberStatus } from '../../../api/types';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Notice } from '../../../components/Notice';
import { formatNumber } from '../../../lib/format';
import { can } from '../../../lib/roles';
import { usePageTitle } from '../../../lib/use-page-title';
import { InviteDialog } from '../invite/InviteDialog';
import { useOrg } from '../org-context';
import { BULK_ACTIONS_BY_STATUS, BulkBar, type Selection } from './BulkBar';
import { BulkProgress } from './BulkProgress';
import { DownloadMembers } from './DownloadMembers';
import { EmptyMembers } from './EmptyMembers';
import { MembersTable } from './MembersTable';
import { MembersToolbar } from './MembersToolbar';
import { Pager } from './Pager';
import { DecideAll } from './RequestDecision';
import { STATUS_COLORS, STATUS_LABELS, STATUS_MEANINGS } from './StatusGlossary';
import { bulkFilterOf } from './use-bulk';
import { PAGE_SIZE, STATUSES, useMembers, useMembersView } from './use-members';

export function MembersPage() {
  const { org, role } = useOrg();
  usePageTitle(`Members · ${org.name}`);
  const { view, previous, update } = useMembersView();
  const members = useMembers(org.id, view);
  const location = useLocation();
  const navigate = useNavigate();
  // A new organization's page opens with the dialog to invite its first admin.
  const [inviting, setInviting] = useState(location.state?.invite === 'admin');
  const counts = members.data?.counts;
  const items = members.data?.items ?? [];
  const page = view.cursor && previous.length === 0 ? null : previous.length + 1;
  // The selection belongs to one filter: another tab, search or team starts a new one.
  const filterKey = JSON.stringify(bulkFilterOf(view));
  const empty = { key: filterKey, ids: [] as string[], allOfFilter: false };
  const [chosen, setChosen] = useState<Selection & { key: string }>(empty);
  const selection = chosen.key === filterKey ? chosen : empty;
  const [operationId, setOperationId] = useState<string | null>(null);
  const selectable = (BULK_ACTIONS_BY_STATUS[view.status]?.length ?? 0) > 0;
  const selected = new Set(selection.ids);
  // The tab's count is the filter's size unless a search, role or way in narrows it further.
  const matching = view.q.trim() || view.role || view.source ? null : (counts?.[view.status] ?? null);
  const pageTicked = items.length > 0 && items.every((m) => selected.has(m.id));
  const morePages = Boolean(members.data?.nextCursor) || previous.length > 0 || Boolean(view.cursor);
  const onSelect = (ids: readonly string[], on: boolean) => {
    const next = new Set(selection.ids);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    setChosen({ key: filterKey, ids: [...next], allOfFilter: false });
  };

  return (
    <Stack gap="lg">
      <Notice />
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={4}>
          <Title order={1} fz={26}>
            Members
          </Title>
          <Text c="dimmed" fz="sm">
            {formatNumber(org.seatsUsed)} of {formatNumber(org.seats)} seats used · {formatNumber(org.seatsFree)} free
            {org.kind === 'trial' ? ' · Trial plan' : ''}
          </Text>
        </Stack>
        <Group gap="sm">
          {can.setUpUsers(role) ? (
            <Button component={Link} to={`/orgs/${org.id}/users/new`} variant="default" leftSection={<IconUserPlus size={18} />}>
              Set up a user
            </Button>
          ) : null}
          <Button leftSection={<IconUsersPlus size={18} />} onClick={() => setInviting(true)}>
            Invite people
          </Button>
        </Group>
      </Group>

      <Paper withBorder radius="lg" shadow="xs">
        <Tabs value={view.status} onChange={(value) => value && update({ status: value as MemberStatus })} keepMounted={false}>
          <Tabs.List px="md" pt={6}>
            {STATUSES.map((status) => (
              <Tabs.Tab
                key={status}
                value={status}
                title={STATUS_MEANINGS[status]}
                rightSection={
                  counts ? (
                    <Badge
                      size="sm"
                      variant={view.status === status ? 'filled' : 'light'}
                      color={counts[status] === 0 ? 'gray' : STATUS_COLORS[status]}
                      circle={counts[status] < 10}
                    >
                      {formatNumber(counts[status])}
                    </Badge>
                  ) : null
                }
              >
                {STATUS_LABELS[status]}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <Stack gap="md" p="md">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text fz="sm" c="dimmed">
              {STATUS_MEANINGS[view.status]}
            </Text>
            <DownloadMembers orgId={org.id} view={view} />
          </Group>
          <MembersToolbar orgId={org.id} view={view} onChange={update} />
          {view.status === 'requested' && items.length > 0 ? <DecideAll /> : null}
          {operationId ? <BulkProgress orgId={org.id} operationId={operationId} onClose={() => setOperationId(null)} /> : null}
          {selectable && (selection.ids.length > 0 || selection.allOfFilter) ? (
            <BulkBar
              org={org}
              myRole={role}
              view={view}
              selection={selection}
              matching={matching}
              offerAll={pageTicked && morePages}
              onSelectAll={() => setChosen({ key: filterKey, ids: selection.ids, allOfFilter: true })}
              onClear={() => setChosen(empty)}
              onStarted={(id) => {
                setOperationId(id);
                setChosen(empty);
              }}
            />
          ) : null}
          {members.isError ? (
            <ErrorAlert error={members.error} title="Could not load the members" onRetry={() => void members.refetch()} />
          ) : (
            <Box pos="relative" mih={160}>
              <LoadingOverlay
                visible={members.isFetching && (members.isPlaceholderData || members.isPending)}
                zIndex={5}
                overlayProps={{ blur: 1 }}
              />
              {members.isSuccess && items.length === 0 ? (
                <EmptyMembers
                  status={view.status}
                  filtered={view.q !== '' || view.role !== null || view.team !== null}
                  onInvite={() => setInviting(true)}
                />
              ) : (
                <MembersTable
                  orgId={org.id}
                  myRole={role}
                  status={view.status}
                  members={items}
                  {...(selectable ? { selection: { selected, onSelect } } : {})}
                />
              )}
            </Box>
          )}
          <Pager
            page={page}
            shown={items.length}
            pageSize={PAGE_SIZE}
            total={counts?.[view.status]}
            hasNext={Boolean(members.data?.nextCursor)}
            canGoBack={previous.length > 0}
            onFirst={() => update({ cursor: null })}
            onPrevious={() => {
              const back = previous.slice(0, -1);
              update({ cursor: previous.at(-1) || null }, { previous: back });
            }}
            onNext={() => update({ cursor: members.data?.nextCursor ?? null }, { previous: [...previous, view.cursor ?? ''] })}
          />
        </Stack>
      </Paper>
      <InviteDialog
        opened={inviting}
        onClose={() => {
          setInviting(false);
          // The hand-over from "create organization" is done: a reload must not reopen the dialog.
          if (location.state?.invite) void navigate({ search: location.search }, { replace: true, state: null });
        }}
        org={org}
        myRole={role}
        defaultRole={location.state?.invite === 'admin' ? 'admin' : 'learner'}
      />
    </Stack>
  );
}
