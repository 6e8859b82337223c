import { ActionIcon, Menu } from '@mantine/core';
import { IconDots, IconMailForward, IconMailOpened, IconNote, IconSend, IconUserCog, IconUserMinus, IconX } from '@tabler/icons-react';
import type { Member } from '../../../api/types';
import type { OrgRole } from '../../../lib/roles';
import { memberLabel } from './cells';
import type { MemberAction } from './use-member-actions';

/** The actions Roster would allow on this row: the person's `can`, from the rules that refuse. */
export function RowActions({ member, onAction }: { member: Member; myRole?: OrgRole; onAction: (action: MemberAction) => void }) {
  const can = member.can;
  const items = (
    [
      ['resend', can?.resend],
      ['reinvite', can?.reinvite],
      ['role', can?.changeRole && (member.status === 'pending' || member.status === 'active')],
      ['note', can?.editNote],
      ['cancel', can?.cancel],
      ['remove', can?.remove && member.status === 'active'],
    ] as const
  ).flatMap(([action, allowed]) => (allowed ? [action as MemberAction] : []));

  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={220}>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${memberLabel(member)}`}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconMailOpened size={16} />} onClick={() => onAction('emails')}>
          Email history…
        </Menu.Item>
        <Menu.Divider />
        {items.includes('resend') ? (
          <Menu.Item leftSection={<IconSend size={16} />} onClick={() => onAction('resend')}>
            Resend invitation…
          </Menu.Item>
        ) : null}
        {items.includes('reinvite') ? (
          <Menu.Item leftSection={<IconMailForward size={16} />} onClick={() => onAction('reinvite')}>
            Invite again…
          </Menu.Item>
        ) : null}
        {items.includes('role') ? (
          <Menu.Item leftSection={<IconUserCog size={16} />} onClick={() => onAction('role')}>
            Change role…
          </Menu.Item>
        ) : null}
        {items.includes('note') ? (
          <Menu.Item leftSection={<IconNote size={16} />} onClick={() => onAction('note')}>
            Private note…
          </Menu.Item>
        ) : null}
        {items.includes('cancel') ? (
          <Menu.Item color="red" leftSection={<IconX size={16} />} onClick={() => onAction('cancel')}>
            Cancel invitation…
          </Menu.Item>
        ) : null}
        {items.includes('remove') ? (
          <Menu.Item color="red" leftSection={<IconUserMinus size={16} />} onClick={() => onAction('remove')}>
            Remove from organization…
          </Menu.Item>
        ) : null}
      </Menu.Dropdown>
    </Menu>
  );
}
