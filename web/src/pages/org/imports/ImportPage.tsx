import { Stack, Text, Title } from '@mantine/core';
import { usePageTitle } from '../../../lib/use-page-title';
import { useOrg } from '../org-context';
import { ImportHistory } from './ImportHistory';
import { UploadForm } from './UploadForm';

/** bring many people in from a spreadsheet; previewed before anything changes. */
export function ImportPage() {
  const { org } = useOrg();
  usePageTitle(`Import · ${org.name}`);
  return (
    <Stack gap="lg" maw={1080}>
      <Stack gap={4}>
        <Title order={1} fz={26}>
          Import people
        </Title>
        <Text c="dimmed" fz="sm" maw={720}>
          Bring many people into {org.name} at once from a spreadsheet. Roster reads the whole file and shows what each row would do;
          nothing changes until you confirm. Uploading the same file again does not add anyone twice.
        </Text>
      </Stack>
      <Stack maw={800}>
        <UploadForm />
      </Stack>
      <ImportHistory />
    </Stack>
  );
}
