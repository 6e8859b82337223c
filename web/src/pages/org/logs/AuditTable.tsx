import { Code, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { AuditEntry } from '../../../api/types';
import { TableHeader } from '../../../components/TableHeader';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { actionLabel, describeData } from './actions';

export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table aria-label="Audit log" data-testid="audit-table">
        <TableHeader labels={['When', 'Action', 'Actor', 'Details', 'From']} />
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
                  <Text fz="sm" fw={500}>
                    {actionLabel(entry.action)}
                  </Text>
                  <Code fz="xs" w="fit-content">
                    {entry.action}
                  </Code>
                </Stack>
              </Table.Td>
              <Table.Td valign="top" fz="sm" className="text-break">
                {entry.actor}
              </Table.Td>
              <Table.Td valign="top">
                <Stack gap={0}>
                  {describeData(entry.data).map((line) => (
                    <Text key={line} fz="xs" c="dimmed" className="text-break" lineClamp={2}>
                      {line}
                    </Text>
                  ))}
                </Stack>
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
