import { Button, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconUsers } from '@tabler/icons-react';
import type { MemberStatus } from '../../../api/types';
import { STATUS_LABELS } from './StatusGlossary';

export function EmptyMembers({ status, filtered, onInvite }: { status: MemberStatus; filtered: boolean; onInvite: () => void }) {
  return (
    <Stack align="center" gap="xs" py={48}>
      <ThemeIcon size={48} radius="xl" variant="light" color="gray">
        <IconUsers size={24} />
      </ThemeIcon>
      <Text fw={600}>{filtered ? 'No one matches this search' : `No ${STATUS_LABELS[status].toLowerCase()} members`}</Text>
      <Text fz="sm" c="dimmed" ta="center" maw={420}>
        {filtered
          ? 'Try another name or address, or clear the filters.'
          : status === 'pending' || status === 'active'
            ? 'Invite people by email: they appear here as pending until they accept.'
            : 'Nothing here yet.'}
      </Text>
      {!filtered && (status === 'pending' || status === 'active') ? (
        <Button variant="light" onClick={onInvite} mt="xs">
          Invite people
        </Button>
      ) : null}
    </Stack>
  );
}
