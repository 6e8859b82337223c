import { Stack, Table, Text, Tooltip } from '@mantine/core';
import type { AuditEntry } from '../../../api/types';
import { TableHeader } from '../../../components/TableHeader';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { actionLabel, auditSentence } from './actions';

export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table aria-label="Audit log" data-testid="audit-table">
        <TableHeader labels={['When', 'What happened', 'By', 'From']} />
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.id} data-action={entry.action}>
              <Table.Td valign="top" w={170}>
                <Tooltip label={formatRelative(entry.at)}>
                  <Text fz="sm" w="fit-content">
                    {formatDateTime(entry.at)}
                  </Text>
                </Tooltip>
              </Table.Td>
              <Table.Td valign="top">
                <Stack gap={2}>
                  <Text fz="sm" className="text-break" data-testid="audit-sentence">
                    {auditSentence(entry)}
                  </Text>
                  <Text fz="xs" c="dimmed">
                    {actionLabel(entry.action)}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td valign="top" fz="sm" className="text-break">
                {entry.actor === 'operator' ? 'Platform operator' : entry.actor === 'system' ? 'Roster' : entry.actor}
              </Table.Td>
              <Table.Td valign="top" fz="xs" c="dimmed">
                {entry.ip ?? '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
