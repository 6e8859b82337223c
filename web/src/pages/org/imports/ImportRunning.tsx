import { Group, Loader, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import type { ImportDetail } from '../../../api/types';
import { formatNumber } from '../../../lib/format';
import { formatTimeLeft } from './import-view';

/** An upload still being read (another tab, or a large file): the page asks again until its preview is ready. */
export function ImportReading() {
  return (
    <Paper withBorder radius="lg" p="lg" role="status">
      <Group gap="md" wrap="nowrap">
        <Loader size="sm" />
        <Stack gap={2}>
          <Text fw={600}>Roster is still reading this file</Text>
          <Text fz="sm" c="dimmed">
            Every row is checked before the preview opens; a large file takes a minute. This page moves on by itself.
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}

/** The import being processed: rows done, pace and time left, as the events (or polling) bring them. */
export function ImportProgressCard({ detail }: { detail: ImportDetail }) {
  const { rowsDone, rowCount, percent, rowsPerSecond, secondsLeft } = detail.progress;
  const left = formatTimeLeft(secondsLeft);
  const pace = rowsPerSecond === null ? 'Starting…' : `${formatNumber(rowsPerSecond)} rows a second`;
  return (
    <Paper withBorder radius="lg" p="lg">
      <Stack gap="md">
        <Group gap="sm">
          <Loader size="sm" />
          <Title order={2} fz="lg">
            Importing…
          </Title>
        </Group>
        <Progress.Root size="xl" radius="md">
          <Progress.Section value={percent} animated striped aria-label="Rows processed" />
        </Progress.Root>
        <Group justify="space-between" gap="xs" aria-live="polite" data-testid="import-progress">
          <Text fz="sm" fw={600}>
            {formatNumber(rowsDone)} of {formatNumber(rowCount)} rows
          </Text>
          <Text fz="sm" c="dimmed">
            {pace}
            {left ? ` · ${left} left` : ''}
          </Text>
        </Group>
        <Text fz="xs" c="dimmed">
          You can leave this page: the import carries on, and its result stays in the import history.
        </Text>
      </Stack>
    </Paper>
  );
}
