import { Button, Checkbox, FileInput, Group, Loader, Paper, Radio, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { type DragEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import type { ImportMode } from '../../../api/types';
import { DownloadLink } from '../../../components/DownloadLink';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { can } from '../../../lib/roles';
import { useOrg } from '../org-context';
import { useUpload } from './use-imports';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Templates, the file, the mode for rows without one, and the upload. */
export function UploadForm() {
  const { org, role } = useOrg();
  const navigate = useNavigate();
  const upload = useUpload(org.id);
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportMode>('invite');
  const [createTeams, setCreateTeams] = useState(false);
  const [missing, setMissing] = useState(false);
  const [dragging, setDragging] = useState(false);
  const trial = org.kind === 'trial';
  const setupAllowed = can.setUpUsers(role) && !trial;
  const base = `/api/v1/orgs/${org.id}/imports`;

  const choose = (next: File | null) => {
    setFile(next);
    setMissing(false);
    upload.reset();
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (upload.isPending) return;
    const dropped = event.dataTransfer.files[0];
    if (dropped) choose(dropped);
  };
  const submit = () => {
    if (!file) {
      setMissing(true);
      return;
    }
    upload.mutate({ file, mode, createTeams }, { onSuccess: (created) => void navigate(`/orgs/${org.id}/imports/${created.id}`) });
  };

  return (
    <Paper
      withBorder
      radius="lg"
      p="xl"
      component="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack gap="lg">
        <Stack gap={6}>
          <Title order={2} fz="lg">
            1. Fill in the template
          </Title>
          <Text fz="sm" c="dimmed">
            One row per person: <b>email</b> (or <b>username</b> for someone without an address), <b>first name</b>, <b>last name</b>,{' '}
            <b>teams</b> (several separated by ";", each by its name or its path such as "Sales/EMEA"), <b>role</b> (learner when empty) and{' '}
            <b>mode</b> (invite or setup). Other columns are ignored.
          </Text>
          <Group gap="lg">
            <DownloadLink href={`${base}/template.csv`} fileName="roster-import-template.csv">
              Template (CSV)
            </DownloadLink>
            <DownloadLink href={`${base}/template.xlsx`} fileName="roster-import-template.xlsx">
              Template (Excel, XLSX)
            </DownloadLink>
          </Group>
        </Stack>

        <Stack gap={6}>
          <Title order={2} fz="lg">
            2. Choose the file
          </Title>
          <Paper
            withBorder
            radius="md"
            p="lg"
            bg={dragging ? 'var(--mantine-color-indigo-light)' : 'var(--mantine-color-default-hover)'}
            style={{ borderStyle: 'dashed', borderColor: dragging ? 'var(--mantine-color-indigo-5)' : undefined }}
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={drop}
            data-testid="import-dropzone"
          >
            <Group gap="md" wrap="nowrap" align="flex-start">
              <ThemeIcon size={44} radius="xl" variant="light">
                <IconFileSpreadsheet size={24} />
              </ThemeIcon>
              <Stack gap={6} style={{ flex: 1 }}>
                <Text fz="sm">Drop a CSV or XLSX file here, or pick one.</Text>
                <FileInput
                  label="Spreadsheet"
                  placeholder="Pick a .csv or .xlsx file"
                  accept={ACCEPT}
                  value={file}
                  onChange={choose}
                  clearable
                  disabled={upload.isPending}
                  error={missing ? 'Choose the file to import.' : undefined}
                  leftSection={<IconUpload size={16} />}
                  maw={480}
                />
              </Stack>
            </Group>
          </Paper>
        </Stack>

        <Radio.Group
          label="3. For rows without a mode"
          description="A mode column in the file decides for its own rows."
          value={mode}
          onChange={(value) => setMode(value === 'setup' ? 'setup' : 'invite')}
          styles={{ label: { fontSize: 'var(--mantine-font-size-lg)', fontWeight: 650 } }}
        >
          <Stack gap="sm" mt="xs">
            <Radio value="invite" label="Invite by email" description="Each person gets an invitation and joins when they accept it." />
            <Radio
              value="setup"
              label="Set up accounts directly"
              disabled={!setupAllowed}
              description={
                trial
                  ? 'Not available on a trial plan: trial organizations invite people by email.'
                  : !can.setUpUsers(role)
                    ? 'Only admins and user admins can set up accounts.'
                    : 'Accounts are active at once; each person with an address is emailed a link to choose a password.'
              }
            />
          </Stack>
        </Radio.Group>

        <Checkbox
          label="Create the teams the file names that do not exist yet"
          description={
            role === 'admin' || role === 'operator'
              ? 'They are listed in the preview and made when you confirm the import.'
              : 'Under the teams you manage; they are listed in the preview and made when you confirm the import.'
          }
          checked={createTeams}
          onChange={(event) => setCreateTeams(event.currentTarget.checked)}
        />

        <ErrorAlert error={upload.error} title="The file was not imported" shownFields={['file']} />
        <Group justify="flex-end" gap="md">
          {upload.isPending ? (
            <Group gap="xs" role="status">
              <Loader size="xs" />
              <Text fz="sm" c="dimmed">
                Roster checks every row before anything changes; a large file takes a minute.
              </Text>
            </Group>
          ) : null}
          {/* Not `loading`: that hides the label, and the label says what is happening. */}
          <Button
            type="submit"
            disabled={upload.isPending}
            aria-busy={upload.isPending}
            leftSection={upload.isPending ? <Loader size={16} color="gray" /> : <IconUpload size={18} />}
          >
            {upload.isPending ? 'Reading the file…' : 'Upload and preview'}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
