import { Button, Group, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconChevronsLeft } from '@tabler/icons-react';

interface Props {
  /** null: a deep link into the middle of the list, position unknown. */
  readonly page: number | null;
  readonly shown: number;
  readonly pageSize: number;
  readonly total: number | undefined;
  readonly hasNext: boolean;
  readonly canGoBack: boolean;
  readonly onFirst: () => void;
  readonly onPrevious: () => void;
  readonly onNext: () => void;
}

/** Cursor paging: as fast on page 4,000 as on page 1, so there is no "jump to page N". */
export function Pager({ page, shown, pageSize, total, hasNext, canGoBack, onFirst, onPrevious, onNext }: Props) {
  const offset = ((page ?? 1) - 1) * pageSize;
  const range =
    page === null ? `Showing ${shown.toLocaleString()}` : `Showing ${(offset + 1).toLocaleString()}–${(offset + shown).toLocaleString()}`;
  return (
    <Group justify="space-between" wrap="wrap" gap="sm">
      <Text fz="sm" c="dimmed" aria-live="polite">
        {shown === 0 ? 'Nothing to show' : range}
        {total !== undefined ? ` of ${total.toLocaleString()}` : ''}
      </Text>
      <Group gap="xs" component="nav" aria-label="Pages">
        <Button variant="default" size="xs" leftSection={<IconChevronsLeft size={14} />} onClick={onFirst} disabled={page === 1}>
          First
        </Button>
        <Button variant="default" size="xs" leftSection={<IconChevronLeft size={14} />} onClick={onPrevious} disabled={!canGoBack}>
          Previous
        </Button>
        <Button variant="default" size="xs" rightSection={<IconChevronRight size={14} />} onClick={onNext} disabled={!hasNext}>
          Next
        </Button>
      </Group>
    </Group>
  );
}
