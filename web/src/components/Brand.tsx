import { Group, Text } from '@mantine/core';

/** The Roster mark: three stacked rows, as in a roster. */
export function Brand({ size = 28 }: { size?: number }) {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="8" fill="var(--mantine-color-indigo-7)" />
        <rect x="8" y="9" width="16" height="3" rx="1.5" fill="white" />
        <rect x="8" y="14.5" width="12" height="3" rx="1.5" fill="white" opacity="0.85" />
        <rect x="8" y="20" width="8" height="3" rx="1.5" fill="white" opacity="0.7" />
      </svg>
      <Text fw={700} fz="lg" c="var(--mantine-color-text)">
        Roster
      </Text>
    </Group>
  );
}
