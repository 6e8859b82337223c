import { ActionIcon, Badge, Popover, Stack, Table, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { MemberStatus } from '../../../api/types';

export const STATUS_LABELS: Record<MemberStatus, string> = {
  pending: 'Pending',
  requested: 'Requests',
  active: 'Active',
  cancelled: 'Cancelled',
  expired: 'Expired',
  removed: 'Removed',
};

export const STATUS_COLORS: Record<MemberStatus, string> = {
  pending: 'yellow',
  requested: 'grape',
  active: 'teal',
  cancelled: 'gray',
  expired: 'orange',
  removed: 'red',
};

/** what each status means, in the words admins see. */
export const STATUS_MEANINGS: Record<MemberStatus, string> = {
  pending: 'Invitation sent, waiting for the person to accept it.',
  requested: 'Confirmed their address on a sign-up link or the join page that asks for approval: waiting for yours.',
  active: 'Accepted: in their teams, with their trainings assigned.',
  cancelled: 'The invitation was cancelled: its link no longer works.',
  expired: 'The invitation was not accepted in time: its link no longer works. Resend it to try again.',
  removed: 'Was a member; their access ended and their history is kept.',
};

export function StatusGlossary() {
  return (
    <Popover width={380} position="bottom-end" shadow="md" withArrow>
      <Popover.Target>
        <ActionIcon variant="subtle" color="gray" aria-label="What the statuses mean">
          <IconInfoCircle size={20} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text fw={600} fz="sm">
            What the statuses mean
          </Text>
          <Table withRowBorders={false} verticalSpacing={4} highlightOnHover={false}>
            <Table.Tbody>
              {(Object.keys(STATUS_MEANINGS) as MemberStatus[]).map((status) => (
                <Table.Tr key={status}>
                  <Table.Td valign="top" w={96}>
                    <Badge color={STATUS_COLORS[status]} variant="light">
                      {STATUS_LABELS[status]}
                    </Badge>
                  </Table.Td>
                  <Table.Td fz="sm">{STATUS_MEANINGS[status]}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
