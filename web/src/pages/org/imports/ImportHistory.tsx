import { Anchor, Badge, Paper, Stack, Table, Text, ThemeIcon, Title, Tooltip } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { ImportSummary } from '../../../api/types';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadMore } from '../../../components/LoadMore';
import { PageLoader } from '../../../components/PageLoader';
import { TableHeader } from '../../../components/TableHeader';
import { formatDateTime, formatNumber, formatRelative } from '../../../lib/format';
import { useOrg } from '../org-context';
import { historyResult, STATUSES } from './import-view';
import { useImportHistory } from './use-imports';

/** Past imports, newest first, each linking to its preview, progress or result. */
export function ImportHistory() {
  const { org, role } = useOrg();
  const history = useImportHistory(org.id);
  const items = history.data?.pages.flatMap((page) => page.items) ?? [];
  const seesAll = role === 'admin' || role === 'operator';

  return (
    <Paper withBorder radius="lg" shadow="xs" p="md">
      <Stack gap="md">
        <Stack gap={2}>
          <Title order={2} fz="lg">
            Import history
          </Title>
          <Text fz="sm" c="dimmed">
            {seesAll ? `Every import in ${org.name}, newest first.` : 'The imports you uploaded, newest first.'}
          </Text>
        </Stack>
        {history.isPending ? (
          <PageLoader label="Loading the history…" />
        ) : history.isError && items.length === 0 ? (
          <ErrorAlert error={history.error} title="Could not load the history" onRetry={() => void history.refetch()} />
        ) : items.length === 0 ? (
          <Stack align="center" gap="xs" py={40}>
            <ThemeIcon size={48} radius="xl" variant="light" color="gray">
              <IconHistory size={24} />
            </ThemeIcon>
            <Text fw={600}>No imports yet</Text>
            <Text fz="sm" c="dimmed" ta="center" maw={420}>
              Each file you upload appears here with its result, and its report stays available to download.
            </Text>
          </Stack>
        ) : (
          <HistoryTable orgId={org.id} items={items} />
        )}
        <LoadMore list={history} label="Load older imports" failure="Could not load older imports" />
      </Stack>
    </Paper>
  );
}

function HistoryTable({ orgId, items }: { orgId: string; items: readonly ImportSummary[] }) {
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table aria-label="Import history" data-testid="import-history">
        <TableHeader labels={['File', 'Uploaded by', 'When', 'Rows', 'Status', 'Result']} />
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.id} data-import={item.fileName} data-status={item.status}>
              <Table.Td valign="top">
                <Anchor component={Link} to={`/orgs/${orgId}/imports/${item.id}`} fz="sm" fw={500} className="text-break">
                  {item.fileName}
                </Anchor>
              </Table.Td>
              <Table.Td valign="top" fz="sm" className="text-break">
                {item.createdBy}
              </Table.Td>
              <Table.Td valign="top" w={170}>
                <Tooltip label={formatRelative(item.createdAt)}>
                  <Text fz="sm" w="fit-content">
                    {formatDateTime(item.createdAt)}
                  </Text>
                </Tooltip>
              </Table.Td>
              <Table.Td valign="top" fz="sm">
                {item.status === 'reading' ? '—' : formatNumber(item.rowCount)}
              </Table.Td>
              <Table.Td valign="top">
                <Badge variant="light" color={STATUSES[item.status].color}>
                  {STATUSES[item.status].label}
                </Badge>
              </Table.Td>
              <Table.Td valign="top">
                <Text fz="sm" c={item.status === 'failed' ? 'red.8' : undefined} className="text-break" lineClamp={2}>
                  {historyResult(item)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
