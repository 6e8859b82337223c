import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { currentApi, unwrap } from '../../../api/client';
import type { Member, Role } from '../../../api/types';
import { orgKey } from '../org-context';
import { memberLabel } from './cells';
import { membersKey } from './use-members';

export type MemberAction = 'resend' | 'cancel' | 'remove' | 'role' | 'note' | 'reinvite' | 'emails';

/** The row actions of the members table; each refreshes the list and the seat count. */
export function useMemberActions(orgId: string, member: Member, onDone: () => void) {
  const queryClient = useQueryClient();
  const who = memberLabel(member);
  const invitationId = member.invitation?.id ?? '';
  const memberPath = { orgId, memberId: member.id };
  const invitationPath = { orgId, invitationId };

  const done = (message: string) => async () => {
    notifications.show({ color: 'teal', message });
    onDone();
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: membersKey(orgId) }),
      queryClient.invalidateQueries({ queryKey: orgKey(orgId) }),
    ]);
  };

  return {
    resend: useMutation({
      mutationFn: (message: string) =>
        unwrap(
          currentApi().POST('/api/v1/orgs/{orgId}/invitations/{invitationId}/resend', {
            params: { path: invitationPath },
            body: { message: message.trim() === '' ? null : message.trim() },
          }),
        ),
      onSuccess: done(`Invitation sent again to ${who}. Earlier links no longer work.`),
    }),
    cancel: useMutation({
      mutationFn: () =>
        unwrap(currentApi().POST('/api/v1/orgs/{orgId}/invitations/{invitationId}/cancel', { params: { path: invitationPath } })),
      onSuccess: done(`Invitation to ${who} cancelled.`),
    }),
    remove: useMutation({
      mutationFn: () => unwrap(currentApi().DELETE('/api/v1/orgs/{orgId}/members/{memberId}', { params: { path: memberPath } })),
      onSuccess: done(`${who} was removed from the organization.`),
    }),
    update: useMutation({
      mutationFn: (changes: { role?: Role; note?: string | null }) =>
        unwrap(currentApi().PATCH('/api/v1/orgs/{orgId}/members/{memberId}', { params: { path: memberPath }, body: changes })),
      onSuccess: done(`Saved the changes for ${who}.`),
    }),
    reinvite: useMutation({
      mutationFn: (message: string) =>
        unwrap(
          currentApi().POST('/api/v1/orgs/{orgId}/invitations', {
            params: { path: { orgId } },
            body: { emails: [member.email ?? ''], role: member.role, message: message.trim() === '' ? null : message.trim() },
          }),
        ),
      onSuccess: async (result) => {
        const first = result.results[0];
        if (first && first.outcome !== 'invited' && first.outcome !== 'already_invited') {
          notifications.show({ color: 'orange', title: `${who} was not invited`, message: first.reason ?? first.outcome });
          onDone();
          return;
        }
        await done(`${who} was invited again.`)();
      },
    }),
  };
}
