import { Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { Member, Role } from '../../../api/types';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { grantableRoles, isRole, type OrgRole, ROLE_HINTS, ROLE_LABELS, roleLabel } from '../../../lib/roles';
import { memberLabel } from './cells';
import { type MemberAction, useMemberActions } from './use-member-actions';

interface Props {
  readonly orgId: string;
  readonly myRole: OrgRole;
  readonly member: Member;
  readonly action: MemberAction;
  readonly onClose: () => void;
}

/** The dialog for one row action; Roster's refusal shows inside it. */
export function MemberDialogs({ orgId, myRole, member, action, onClose }: Props) {
  const actions = useMemberActions(orgId, member, onClose);
  const who = memberLabel(member);
  const [message, setMessage] = useState('');
  const [role, setRole] = useState<Role>(member.role);
  const [note, setNote] = useState(member.note ?? '');

  if (action === 'cancel') {
    return (
      <ConfirmDialog
        opened
        title="Cancel this invitation?"
        confirmLabel="Cancel invitation"
        danger
        pending={actions.cancel.isPending}
        error={actions.cancel.error}
        onConfirm={() => actions.cancel.mutate()}
        onClose={onClose}
      >
        The link sent to <strong>{who}</strong> will stop working, and they are taken out of every team and training they were put in. You
        can invite them again later.
      </ConfirmDialog>
    );
  }
  if (action === 'remove') {
    return (
      <ConfirmDialog
        opened
        title="Remove this member?"
        confirmLabel="Remove member"
        danger
        pending={actions.remove.isPending}
        error={actions.remove.error}
        onConfirm={() => actions.remove.mutate()}
        onClose={onClose}
      >
        <strong>{who}</strong> loses access to the organization, their roles and permissions; their seat returns to the bank. Their history
        is kept, and they can be invited again.
      </ConfirmDialog>
    );
  }

  const resending = action === 'resend' || action === 'reinvite';
  const mutation = action === 'resend' ? actions.resend : action === 'reinvite' ? actions.reinvite : actions.update;
  const title =
    action === 'resend'
      ? 'Resend the invitation'
      : action === 'reinvite'
        ? 'Invite again'
        : action === 'role'
          ? 'Change role'
          : 'Private note';
  const submit = () => {
    if (action === 'resend') actions.resend.mutate(message);
    else if (action === 'reinvite') actions.reinvite.mutate(message);
    else if (action === 'role') actions.update.mutate({ role });
    else actions.update.mutate({ note: note.trim() === '' ? null : note.trim() });
  };

  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack>
          {resending ? (
            <>
              <Text fz="sm">
                A new email goes to <strong>{who}</strong>
                {action === 'resend' ? ' as a reminder; earlier links stop working and the expiry period starts again.' : '.'}
              </Text>
              <Textarea
                label="Personal message (optional)"
                description="Shown in the email, above the link."
                autosize
                minRows={3}
                maxLength={2000}
                value={message}
                onChange={(event) => setMessage(event.currentTarget.value)}
                data-autofocus
              />
            </>
          ) : action === 'role' ? (
            <Select
              label={`Role of ${who}`}
              data={grantableRoles(myRole).map((value) => ({ value, label: ROLE_LABELS[value] }))}
              value={role}
              onChange={(value) => isRole(value ?? undefined) && setRole(value as Role)}
              allowDeselect={false}
              description={ROLE_HINTS[role]}
              data-autofocus
            />
          ) : (
            <Textarea
              label={`Note about ${who}`}
              description="Seen by the organization's admins only; never by the member."
              autosize
              minRows={3}
              maxLength={2000}
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
              data-autofocus
            />
          )}
          <ErrorAlert error={mutation.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={action === 'role' && role === member.role}>
              {resending ? 'Send invitation' : action === 'role' ? `Make ${roleLabel(role).toLowerCase()}` : 'Save note'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
