import '@mantine/charts/styles.css';
import { AreaChart, BarChart } from '@mantine/charts';
import { Anchor, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { currentApi, unwrap } from '../../../api/client';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageLoader } from '../../../components/PageLoader';
import { Section } from '../../../components/Section';
import { formatNumber } from '../../../lib/format';
import { usePageTitle } from '../../../lib/use-page-title';
import { useOrg } from '../org-context';
import { acceptBucketLabel, ageBucketLabel, durationLabel, type Stats, shortDay } from './stats-labels';

/**
 * The organization's home for its administrators: how full it is, how invitations fare and
 * what needs attention, from one GET …/stats. Every chart says its figures in words too, for
 * screen readers and for people who read before they look.
 */
export function DashboardPage() {
  const { org } = useOrg();
  usePageTitle(`Dashboard · ${org.name}`);
  const stats = useQuery({
    queryKey: ['stats', org.id],
    queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}/stats', { params: { path: { orgId: org.id } } })),
  });

  let body: ReactNode;
  if (stats.isPending) body = <PageLoader />;
  else if (stats.isError)
    body = <ErrorAlert error={stats.error} title="Could not load the dashboard" onRetry={() => void stats.refetch()} />;
  else body = <Figures orgId={org.id} stats={stats.data} />;

  return (
    <Stack gap="lg">
      <Title order={1} fz="h2">
        Dashboard
      </Title>
      {body}
    </Stack>
  );
}

function Figures({ orgId, stats }: { orgId: string; stats: Stats }) {
  const base = `/orgs/${orgId}`;
  const pending = stats.pendingByAge.reduce((sum, bucket) => sum + bucket.count, 0);
  const funnelTotals = stats.funnel.reduce(
    (sum, week) => ({
      sent: sum.sent + week.sent,
      accepted: sum.accepted + week.accepted,
      expired: sum.expired + week.expired,
      cancelled: sum.cancelled + week.cancelled,
    }),
    { sent: 0, accepted: 0, expired: 0, cancelled: 0 },
  );
  const everBillable = stats.seats.series.some((day) => day.billable > 0);
  const recentFailures = stats.failedEmails.byWeek.reduce((sum, week) => sum + week.count, 0);

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
        <Tile label="Seats used" value={`${formatNumber(stats.seats.used)} of ${formatNumber(stats.seats.total)}`} testId="tile-seats" />
        <Tile label="Invitations waiting" value={formatNumber(pending)} testId="tile-pending" />
        <Tile
          label="Median time to accept"
          value={stats.timeToAccept.medianHours === null ? '—' : durationLabel(stats.timeToAccept.medianHours)}
          testId="tile-median"
        />
        <Tile label="Emails failed (12 weeks)" value={formatNumber(recentFailures)} testId="tile-failed" />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Section title="Seats used">
          {everBillable ? (
            <>
              <AreaChart
                h={220}
                data={stats.seats.series.map((day) => ({ day: shortDay(day.day), billable: day.billable }))}
                dataKey="day"
                series={[{ name: 'billable', label: 'Seats used', color: 'indigo.6' }]}
                referenceLines={[{ y: stats.seats.total, label: `${formatNumber(stats.seats.total)} seats`, color: 'red.6' }]}
                yAxisProps={{ domain: [0, Math.max(stats.seats.total, ...stats.seats.series.map((day) => day.billable))] }}
                curveType="stepAfter"
                withDots={false}
                data-testid="chart-seats"
              />
              <Caption>
                {formatNumber(stats.seats.used)} of {formatNumber(stats.seats.total)} seats in use today; the line shows people billable at
                the end of each of the last 90 days.
              </Caption>
            </>
          ) : (
            <Empty>
              No seat has been used yet. A seat is taken when someone accepts an invitation or is set up by an administrator:{' '}
              <Anchor component={Link} to={`${base}/members`}>
                invite people
              </Anchor>{' '}
              or{' '}
              <Anchor component={Link} to={`${base}/imports`}>
                import a list
              </Anchor>
              .
            </Empty>
          )}
        </Section>

        <Section title="Invitations by week">
          {funnelTotals.sent + funnelTotals.accepted + funnelTotals.expired + funnelTotals.cancelled > 0 ? (
            <>
              <BarChart
                h={220}
                data={stats.funnel.map((week) => ({ ...week, week: shortDay(week.week) }))}
                dataKey="week"
                series={[
                  { name: 'sent', label: 'Sent', color: 'indigo.6' },
                  { name: 'accepted', label: 'Accepted', color: 'teal.6' },
                  { name: 'expired', label: 'Expired', color: 'orange.6' },
                  { name: 'cancelled', label: 'Cancelled', color: 'gray.6' },
                ]}
                withLegend
                data-testid="chart-funnel"
              />
              <Caption testId="funnel-figures">
                Last 12 weeks: {formatNumber(funnelTotals.sent)} sent, {formatNumber(funnelTotals.accepted)} accepted,{' '}
                {formatNumber(funnelTotals.expired)} expired, {formatNumber(funnelTotals.cancelled)} cancelled.
              </Caption>
            </>
          ) : (
            <Empty>
              No invitations in the last 12 weeks. Each week will show how many were sent, accepted, expired and cancelled once you{' '}
              <Anchor component={Link} to={`${base}/members`}>
                invite people
              </Anchor>
              .
            </Empty>
          )}
        </Section>

        <Section title="Time to accept">
          {stats.timeToAccept.count > 0 ? (
            <>
              <BarChart
                h={220}
                data={stats.timeToAccept.buckets.map((bucket) => ({ within: acceptBucketLabel(bucket.upToHours), people: bucket.count }))}
                dataKey="within"
                series={[{ name: 'people', label: 'People', color: 'teal.6' }]}
                data-testid="chart-accept"
              />
              <Caption testId="accept-figures">
                Half of the {formatNumber(stats.timeToAccept.count)} people who accepted in the last 90 days did so within{' '}
                {durationLabel(stats.timeToAccept.medianHours ?? 0)}.
              </Caption>
            </>
          ) : (
            <Empty>No one has accepted an invitation in the last 90 days. How long people take to answer shows here once they do.</Empty>
          )}
        </Section>

        <Section title="Invitations waiting, by age">
          {pending > 0 ? (
            <>
              <BarChart
                h={220}
                data={stats.pendingByAge.map((bucket, i) => ({
                  age: ageBucketLabel(stats.pendingByAge[i - 1]?.upToDays ?? null, bucket.upToDays),
                  invitations: bucket.count,
                }))}
                dataKey="age"
                series={[{ name: 'invitations', label: 'Invitations', color: 'orange.6' }]}
                data-testid="chart-pending"
              />
              <Caption testId="pending-figures">
                {formatNumber(pending)} {pending === 1 ? 'invitation is' : 'invitations are'} waiting for an answer. Old ones can be resent
                or cancelled from{' '}
                <Anchor component={Link} to={`${base}/members?status=invited`}>
                  Members
                </Anchor>
                .
              </Caption>
            </>
          ) : (
            <Empty>No invitation is waiting for an answer.</Empty>
          )}
        </Section>

        <Section title="Emails that failed">
          {stats.failedEmails.total > 0 ? (
            <>
              {recentFailures > 0 ? (
                <BarChart
                  h={180}
                  data={stats.failedEmails.byWeek.map((week) => ({ week: shortDay(week.week), failed: week.count }))}
                  dataKey="week"
                  series={[{ name: 'failed', label: 'Failed', color: 'red.6' }]}
                  data-testid="chart-failed"
                />
              ) : null}
              <Caption testId="failed-figures">
                {formatNumber(stats.failedEmails.total)} {stats.failedEmails.total === 1 ? 'email' : 'emails'} could not be delivered,{' '}
                {formatNumber(recentFailures)} in the last 12 weeks. A member's page shows why and lets you correct the address.
              </Caption>
            </>
          ) : (
            <Empty>Every email Roster sent for this organization was accepted by the receiving server.</Empty>
          )}
        </Section>
      </SimpleGrid>
    </Stack>
  );
}

function Tile({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder radius="lg" p="md" data-testid={testId}>
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz="xl" fw={700}>
        {value}
      </Text>
    </Paper>
  );
}

function Caption({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <Text fz="sm" c="dimmed" data-testid={testId}>
      {children}
    </Text>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return (
    <Group mih={120} align="center">
      <Text fz="sm" c="dimmed" maw={520}>
        {children}
      </Text>
    </Group>
  );
}
