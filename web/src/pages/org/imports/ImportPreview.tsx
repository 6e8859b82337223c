import { Alert, Button, Group, List, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ImportDetail } from '../../../api/types';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { DownloadLink } from '../../../components/DownloadLink';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatNumber } from '../../../lib/format';
import { SeatShortfall } from '../licenses/SeatShortfall';
import { useSeatOutlook } from '../licenses/use-seats';
import { useOrg } from '../org-context';
import { type Count, CountTiles, ImportRows } from './ImportParts';
import { confirmAction, skippedCount, VERDICTS, verdictKeys } from './import-view';
import { importPath, useCommit } from './use-imports';

type ProblemView = 'all' | 'invalid' | 'not_allowed';

/** What each row would do, the rows that would be skipped and why, and the confirmation. */
export function ImportPreview({ detail }: { detail: ImportDetail }) {
  const { org } = useOrg();
  const commit = useCommit(org.id, detail.id);
  const action = confirmAction(detail.preview);
  const skipped = skippedCount(detail.preview);
  const [asking, setAsking] = useState(false);
  // The rows that would be skipped, all or of one verdict; downloadable as the same selection.
  const [problemView, setProblemView] = useState<ProblemView>('all');
  const problemVerdicts: ('invalid' | 'not_allowed')[] = problemView === 'all' ? ['invalid', 'not_allowed'] : [problemView];
  const problemTotal = problemView === 'all' ? skipped : detail.preview[problemView];
  const problemsFile = `${detail.fileName.replace(/\.(csv|xlsx|txt)$/i, '')}-problems.csv`;
  // Emails go out as soon as the import runs: that is asked once, with the number, before it starts.
  const invitations = detail.preview.invite;
  const setUps = detail.preview.setup;
  const emails = invitations + setUps;
  const question =
    invitations > 0
      ? `Send ${formatNumber(invitations)} ${invitations === 1 ? 'invitation' : 'invitations'}?`
      : `Set up ${formatNumber(setUps)} ${setUps === 1 ? 'account' : 'accounts'}?`;
  const counts: Count[] = verdictKeys.map((key) => ({ key, ...VERDICTS[key], value: detail.preview[key] }));
  // The invitations this file would send, against the free seats and the invitations already pending.
  const seats = useSeatOutlook(org.id);

  return (
    <Stack gap="lg">
      <Paper withBorder radius="lg" p="lg">
        <Stack gap="md">
          <Stack gap={2}>
            <Title order={2} fz="lg">
              Preview
            </Title>
            <Text fz="sm" c="dimmed">
              What each of the {formatNumber(detail.rowCount)} {detail.rowCount === 1 ? 'row' : 'rows'} would do in {org.name} as it is now.
              Nothing has changed yet. Rows without a mode: {detail.mode === 'setup' ? 'accounts set up directly' : 'invitations by email'}.
            </Text>
          </Stack>
          {detail.rowCount === 0 ? (
            <Alert color="yellow" variant="light" icon={<IconInfoCircle size={20} />} title="No rows to import">
              The file has a header but no rows below it. Add one row per person and upload it again.
            </Alert>
          ) : null}
          <CountTiles counts={counts} kind="verdict" />
          <SeatShortfall
            orgId={org.id}
            count={detail.preview.invite}
            outlook={seats.data}
            context={`From the preview of an import (${detail.fileName})`}
            title="Not enough free seats"
          />
          {detail.newTeams.length > 0 ? (
            <Alert
              color="indigo"
              variant="light"
              icon={<IconInfoCircle size={20} />}
              title={`${formatNumber(detail.newTeams.length)} new ${detail.newTeams.length === 1 ? 'team' : 'teams'}`}
              data-testid="import-new-teams"
            >
              <Text fz="sm">Made when you confirm, before anyone is placed in them:</Text>
              <List fz="sm" mt={4}>
                {detail.newTeams.map((path) => (
                  <List.Item key={path}>{path}</List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
          {detail.unknownColumns.length > 0 ? (
            <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={20} />} title="Some columns were not read">
              These columns were ignored: {detail.unknownColumns.join(', ')}. Name them as in the template to have them read.
            </Alert>
          ) : null}
        </Stack>
      </Paper>

      {skipped > 0 ? (
        <Paper withBorder radius="lg" p="lg">
          <Stack gap="md">
            <Stack gap={2}>
              <Title order={2} fz="lg">
                Rows that would be skipped
              </Title>
              <Text fz="sm" c="dimmed">
                The other rows can be imported without them. To bring these people in too, fix their rows and upload the file again after
                this import: rows already imported are not added twice.
              </Text>
            </Stack>
            <Group justify="space-between" wrap="wrap" gap="sm">
              <SegmentedControl
                aria-label="Show the rows"
                value={problemView}
                onChange={(value) => setProblemView(value as ProblemView)}
                data={[
                  { value: 'all', label: `All (${formatNumber(skipped)})` },
                  { value: 'invalid', label: `Invalid (${formatNumber(detail.preview.invalid)})` },
                  { value: 'not_allowed', label: `Not allowed (${formatNumber(detail.preview.not_allowed)})` },
                ]}
              />
              <DownloadLink
                href={`${importPath(org.id, detail.id)}/report.csv?${problemVerdicts.map((v) => `verdict=${v}`).join('&')}`}
                fileName={problemsFile}
              >
                Download these rows with their reasons (CSV)
              </DownloadLink>
            </Group>
            <ImportRows
              key={problemView}
              orgId={org.id}
              detail={detail}
              filter={{ by: 'verdict', values: problemVerdicts }}
              total={problemTotal}
              {...(problemView === 'all' ? { first: detail.problems } : {})}
            />
          </Stack>
        </Paper>
      ) : null}

      <ErrorAlert error={commit.error} title="The import did not start" />
      <Group justify="space-between" wrap="wrap-reverse" gap="md">
        <Text fz="xs" c="dimmed" maw={460}>
          Each row is checked again as it is processed, so the result can differ if {org.name} changes in the meantime.
        </Text>
        <Group gap="sm">
          <Button variant="default" component={Link} to={`/orgs/${org.id}/imports`}>
            Cancel
          </Button>
          <Button onClick={() => (emails > 0 ? setAsking(true) : commit.mutate())} loading={commit.isPending} disabled={!action.enabled}>
            {action.label}
          </Button>
        </Group>
      </Group>
      <ConfirmDialog
        opened={asking}
        title={question}
        confirmLabel={
          invitations > 0 ? `Send ${formatNumber(invitations)} ${invitations === 1 ? 'invitation' : 'invitations'}` : 'Set them up'
        }
        pending={commit.isPending}
        error={commit.error}
        onConfirm={() => commit.mutate(undefined, { onSuccess: () => setAsking(false) })}
        onClose={() => setAsking(false)}
      >
        {invitations > 0 ? `${formatNumber(invitations)} ${invitations === 1 ? 'person gets' : 'people get'} an invitation email` : ''}
        {invitations > 0 && setUps > 0 ? ' and ' : ''}
        {setUps > 0 ? `${formatNumber(setUps)} ${setUps === 1 ? 'account is' : 'accounts are'} set up, with an email each` : ''} as soon as
        you confirm. Emails that have gone out cannot be called back.
      </ConfirmDialog>
    </Stack>
  );
}
