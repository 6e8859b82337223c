import { Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { currentApi, unwrap } from '../../../api/client';
import { DownloadLink } from '../../../components/DownloadLink';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatNumber } from '../../../lib/format';
import { Fact } from './PlanCard';

const today = () => new Date().toISOString().slice(0, 10);
const monthStart = () => `${today().slice(0, 8)}01`;

/** What an invoice needs for a period (R-25): billable seat-days, the peak, the newcomers; per member as CSV. */
export function BillingCard({ orgId }: { orgId: string }) {
  const [from, setFrom] = useState(monthStart);
  const [to, setTo] = useState(today);
  const valid = from !== '' && to !== '' && from <= to;
  const report = useQuery({
    queryKey: ['billing', orgId, from, to],
    enabled: valid,
    queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}/billing', { params: { path: { orgId }, query: { from, to } } })),
  });
  const totals = report.data?.totals;
  return (
    <Paper withBorder radius="lg" p="xl" data-testid="billing-card">
      <Stack gap="md">
        <Title order={2} fz="lg">
          Billing
        </Title>
        <Group gap="sm" align="flex-end">
          <TextInput label="From" type="date" value={from} onChange={(event) => setFrom(event.currentTarget.value)} w={170} />
          <TextInput label="To (included)" type="date" value={to} onChange={(event) => setTo(event.currentTarget.value)} w={170} />
          {valid ? (
            <DownloadLink href={`/api/v1/orgs/${orgId}/billing?from=${from}&to=${to}&format=csv`} fileName={`billing-${from}-${to}.csv`}>
              Per member (CSV)
            </DownloadLink>
          ) : null}
        </Group>
        {!valid ? (
          <Text fz="sm" c="red">
            Choose a start date on or before the end date.
          </Text>
        ) : report.isError ? (
          <ErrorAlert error={report.error} title="Could not load the billing report" onRetry={() => void report.refetch()} />
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Fact label="Billable seat-days" value={totals ? formatNumber(totals.billableSeatDays) : '…'} />
            <Fact label="Most billable at once" value={totals ? formatNumber(totals.peakBillable) : '…'} />
            <Fact label="New billable members" value={totals ? formatNumber(totals.newBillableMembers) : '…'} />
          </SimpleGrid>
        )}
        <Text fz="xs" c="dimmed">
          A member is billable from set-up (once told) or acceptance until removal or the plan's end; a billable day is a UTC day on which
          they were billable at any moment.
        </Text>
      </Stack>
    </Paper>
  );
}
