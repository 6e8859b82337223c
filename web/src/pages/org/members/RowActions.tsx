import { ActionIcon, Menu } from '@mantine/core';
import { IconDots, IconMailForward, IconMailOpened, IconNote, IconSend, IconUserCog, IconUserMinus, IconX } from '@tabler/icons-react';
import type { Member } from '../../../api/types';
import { isRole, type OrgRole, ROLES } from '../../../lib/roles';
import { memberLabel } from './cells';
import type { MemberAction } from './use-member-actions';

const outranks = (mine: OrgRole, theirs: string): boolean =>
  mine !== 'operator' && isRole(theirs) && (ROLES.indexOf(theirs) > ROLES.indexOf(mine) || (mine === 'manager' && theirs !== 'learner'));

/** The actions a row allows, given its status and the caller's role. */
export function RowActions({ member, myRole, onAction }: { member: Member; myRole: OrgRole; onAction: (action: MemberAction) => void }) {
  const blocked = outranks(myRole, member.role);
  const canNote = myRole === 'admin' || myRole === 'operator' || myRole === 'user_admin';
  const hasInvitation = member.invitation !== null;
  const items = {
    pending: ['resend', 'role', 'cancel'],
    // Requests are decided on their row (Approve, Decline).
    requested: [],
    expired: ['resend', 'cancel'],
    active: ['role', ...(canNote ? ['note'] : []), 'remove'],
    cancelled: ['reinvite'],
    removed: ['reinvite'],
  }[member.status].filter(
    (action) => (hasInvitation || (action !== 'resend' && action !== 'cancel')) && (member.email !== null || action !== 'reinvite'),
  ) as MemberAction[];

  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={220}>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${memberLabel(member)}`} disabled={blocked}>
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
