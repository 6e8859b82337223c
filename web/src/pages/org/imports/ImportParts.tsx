import { Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { ImportDetail, ImportRow } from '../../../api/types';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { TableHeader } from '../../../components/TableHeader';
import { formatNumber, fullName } from '../../../lib/format';
import { roleLabel } from '../../../lib/roles';
import { OUTCOMES, personOf, VERDICTS } from './import-view';
import { type RowFilter, useImportRows } from './use-imports';

export interface Count {
  readonly key: string;
  readonly label: string;
  readonly hint: string;
  readonly color: string;
  readonly value: number;
}

/** One tile per verdict or outcome: the number large, what it means beneath. */
export function CountTiles({ counts, kind }: { counts: readonly Count[]; kind: 'verdict' | 'outcome' }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm" data-testid={`${kind}-counts`}>
      {counts.map((count) => (
        <Paper
          key={count.key}
          withBorder
          radius="md"
          p="sm"
          data-key={count.key}
          data-count={count.value}
          style={count.value > 0 ? { borderLeft: `4px solid var(--mantine-color-${count.color}-6)` } : undefined}
        >
          <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
            {count.label}
          </Text>
          <Text fz={26} fw={700} lh={1.2} c={count.value === 0 ? 'dimmed' : undefined}>
            {formatNumber(count.value)}
          </Text>
          <Text fz="xs" c="dimmed">
            {count.hint}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function RowResult({ row }: { row: ImportRow }) {
  const found = row.outcome ? OUTCOMES[row.outcome] : row.verdict ? VERDICTS[row.verdict] : null;
  if (!found) return null;
  return (
    <Badge variant="light" color={found.color}>
      {found.label}
    </Badge>
  );
}

interface RowsProps {
  readonly orgId: string;
  readonly detail: ImportDetail;
  readonly filter: RowFilter;
  /** How many rows match the filter, from the import's counts. */
  readonly total: number;
  /** The rows the import came with, shown without asking again. */
  readonly first?: ImportDetail['problems'];
}

/** Rows in file order with their reason, 100 more at a time. */
export function ImportRows({ orgId, detail, filter, total, first }: RowsProps) {
  const rows = useImportRows(orgId, detail, filter, total, first);
  const items = rows.data?.pages.flatMap((page) => page.items) ?? [];
  if (rows.isPending) return <Text c="dimmed">Loading the rows…</Text>;
  if (rows.isError && items.length === 0) {
    return <ErrorAlert error={rows.error} title="Could not load the rows" onRetry={() => void rows.refetch()} />;
  }
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={720}>
        <Table aria-label="Skipped rows" data-testid="import-rows">
          <TableHeader labels={['Row', 'Person', 'Teams', 'Role', 'Result', 'Reason']} />
          <Table.Tbody>
            {items.map((row) => (
              <Table.Tr key={row.rowNumber} data-row={row.rowNumber}>
                <Table.Td valign="top" fz="sm" w={64}>
                  {row.rowNumber}
                </Table.Td>
                <Table.Td valign="top" className="text-break">
                  <Text fz="sm">{personOf(row)}</Text>
                  {/* An unreadable address is not kept: the name still tells whose row it is. */}
                  <Text fz="xs" c="dimmed">
                    {fullName(row.firstName, row.lastName)}
                  </Text>
                </Table.Td>
                <Table.Td valign="top" fz="sm" className="text-break">
                  {row.teams ?? '—'}
                </Table.Td>
                <Table.Td valign="top" fz="sm">
                  {roleLabel(row.role)}
                </Table.Td>
                <Table.Td valign="top">
                  <RowResult row={row} />
                </Table.Td>
                <Table.Td valign="top">
                  <Text fz="sm" c="red.8" className="text-break">
                    {row.reason ?? ''}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.isFetchNextPageError ? <ErrorAlert error={rows.error} title="Could not load more rows" /> : null}
      <Group justify="space-between">
        <Text fz="xs" c="dimmed" aria-live="polite">
          Showing {formatNumber(items.length)} of {formatNumber(total)} {total === 1 ? 'row' : 'rows'}.
        </Text>
        {rows.hasNextPage ? (
          <Button variant="default" onClick={() => void rows.fetchNextPage()} loading={rows.isFetchingNextPage}>
            Load more
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}
