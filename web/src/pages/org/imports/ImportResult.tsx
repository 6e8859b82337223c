import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconCircleCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { ImportDetail } from '../../../api/types';
import { DownloadLink } from '../../../components/DownloadLink';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useOrg } from '../org-context';
import { type Count, CountTiles, ImportRows } from './ImportParts';
import { OUTCOMES, outcomeKeys, skippedCount } from './import-view';
import { importPath, useCommit } from './use-imports';

/** A finished (or stopped) import: what happened to each kind of row, the report, the skipped rows. */
export function ImportResult({ detail }: { detail: ImportDetail }) {
  const { org } = useOrg();
  const retry = useCommit(org.id, detail.id);
  const { results, progress } = detail;
  const counts: Count[] = outcomeKeys.filter((key) => results[key] > 0).map((key) => ({ key, ...OUTCOMES[key], value: results[key] }));
  const skipped = skippedCount(results);
  const reportName = `${detail.fileName.replace(/\.(csv|xlsx|txt)$/i, '')}-report.csv`;

  return (
    <Stack gap="lg">
      {detail.status === 'failed' ? (
        <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} title="The import stopped" role="alert">
          <Stack gap={4}>
            <Text fz="sm">{detail.error ?? 'Roster could not finish this import.'}</Text>
            <Text fz="sm">
              {formatNumber(progress.rowsDone)} of {formatNumber(progress.rowCount)} rows were processed before it stopped; the others were
              not imported yet. Retry to carry on with them: rows already imported are not added twice.
            </Text>
            <Group gap="sm" mt="xs">
              <Button color="red" variant="filled" size="sm" loading={retry.isPending} onClick={() => retry.mutate()}>
                Retry
              </Button>
            </Group>
            {retry.isError ? <ErrorAlert error={retry.error} title="Could not retry this import" /> : null}
          </Stack>
        </Alert>
      ) : (
        <Alert color="teal" variant="light" icon={<IconCircleCheck size={20} />} title="Import finished" role="status">
          All {formatNumber(progress.rowCount)} rows were processed
          {progress.finishedAt ? ` on ${formatDateTime(progress.finishedAt)}` : ''}
          {detail.committedBy ? `, confirmed by ${detail.committedBy}` : ''}.
        </Alert>
      )}

      <Paper withBorder radius="lg" p="lg">
        <Stack gap="md">
          <Group justify="space-between" align="flex-start" wrap="wrap">
            <Title order={2} fz="lg">
              Result
            </Title>
            <DownloadLink href={`${importPath(org.id, detail.id)}/report.csv`} fileName={reportName}>
              Download the report (CSV)
            </DownloadLink>
          </Group>
          {counts.length === 0 ? <Text c="dimmed">No rows were processed.</Text> : <CountTiles counts={counts} kind="outcome" />}
          <Text fz="xs" c="dimmed">
            The report lists every row of the file with what happened to it and why.
          </Text>
        </Stack>
      </Paper>

      {skipped > 0 ? (
        <Paper withBorder radius="lg" p="lg">
          <Stack gap="md">
            <Title order={2} fz="lg">
              Skipped rows
            </Title>
            <ImportRows orgId={org.id} detail={detail} filter={{ by: 'outcome', values: ['invalid', 'not_allowed'] }} total={skipped} />
          </Stack>
        </Paper>
      ) : null}

      <Group justify="flex-end" gap="sm">
        <Button variant="default" component={Link} to={`/orgs/${org.id}/imports`}>
          Import another file
        </Button>
        <Button component={Link} to={`/orgs/${org.id}/members`}>
          Go to members
        </Button>
      </Group>
    </Stack>
  );
}
