import { Alert, Button, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatNumber } from '../../../lib/format';
import { BULK_LABELS, useBulkOperation } from './use-bulk';

/** A bulk action as it runs: a progress bar, then what was done and who was refused, and why. */
export function BulkProgress({ orgId, operationId, onClose }: { orgId: string; operationId: string; onClose: () => void }) {
  const operation = useBulkOperation(orgId, operationId);
  if (operation.isError) return <ErrorAlert error={operation.error} title="Could not read the bulk action" />;
  const op = operation.data;
  if (!op) return null;
  const labels = BULK_LABELS[op.action];
  const handled = op.succeeded + op.refused;
  const over = op.status === 'done' || op.status === 'failed';
  return (
    <Alert
      color={op.status === 'failed' ? 'red' : op.refused > 0 && over ? 'orange' : over ? 'teal' : 'blue'}
      title={over ? (op.status === 'failed' ? `${labels.doing}: stopped` : `${labels.doing}: done`) : labels.doing}
      data-testid="bulk-progress"
      withCloseButton={over}
      onClose={onClose}
    >
      <Stack gap="xs">
        {op.total === null ? (
          <Text fz="sm">Finding everyone the filter matches…</Text>
        ) : (
          <>
            <Progress value={op.total === 0 ? 100 : (handled / op.total) * 100} animated={!over} aria-label="Progress" />
            <Text fz="sm" data-testid="bulk-summary">
              {over
                ? op.total === 0
                  ? 'Nobody matched: nothing was changed.'
                  : `${formatNumber(op.succeeded)} ${labels.done}${op.refused > 0 ? ` · ${formatNumber(op.refused)} refused` : ''}.`
                : `${formatNumber(handled)} of ${formatNumber(op.total)}`}
            </Text>
          </>
        )}
        {op.error ? <Text fz="sm">{op.error}</Text> : null}
        {op.refusals.length > 0 ? (
          <Table fz="sm" withRowBorders={false} aria-label="Refused">
            <Table.Tbody>
              {op.refusals.map((refusal) => (
                <Table.Tr key={refusal.memberId}>
                  <Table.Td className="text-break">{refusal.email ?? 'Someone without an address'}</Table.Td>
                  <Table.Td>{refusal.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
        {over ? (
          <Group>
            <Button size="xs" variant="default" onClick={onClose}>
              Close
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Alert>
  );
}
