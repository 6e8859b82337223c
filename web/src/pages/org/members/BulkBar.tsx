import { Anchor, Button, Group, Paper, Select, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { OrgView, Role } from '../../../api/types';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { RoleSelect } from '../../../components/RoleSelect';
import { formatNumber } from '../../../lib/format';
import type { OrgRole } from '../../../lib/roles';
import { teamOptions, useTeams } from '../teams/use-teams';
import { STATUS_LABELS } from './StatusGlossary';
import { BULK_LABELS, type BulkActionName, type BulkRequest, bulkFilterOf, useStartBulk } from './use-bulk';
import type { MembersView } from './use-members';

/** The actions that make sense for the people of each tab. */
export const BULK_ACTIONS_BY_STATUS: Partial<Record<MembersView['status'], BulkActionName[]>> = {
  pending: ['resend', 'change_role', 'add_to_team', 'cancel'],
  expired: ['resend', 'cancel'],
  active: ['change_role', 'add_to_team', 'remove'],
};

export interface Selection {
  /** Rows ticked, on this page and others. */
  readonly ids: readonly string[];
  /** Every person the filter matches, on every page. */
  readonly allOfFilter: boolean;
}

interface Props {
  readonly org: OrgView;
  readonly myRole: OrgRole;
  readonly view: MembersView;
  readonly selection: Selection;
  /** How many the filter matches, when the list knows it (the tab's count with no search). */
  readonly matching: number | null;
  /** The whole page is ticked and more pages follow: offer the whole filter. */
  readonly offerAll: boolean;
  readonly onSelectAll: () => void;
  readonly onClear: () => void;
  readonly onStarted: (operationId: string) => void;
}

/** Shown while rows are ticked: how many, "select all N", and the actions for them. */
export function BulkBar({ org, myRole, view, selection, matching, offerAll, onSelectAll, onClear, onStarted }: Props) {
  const [action, setAction] = useState<BulkActionName | null>(null);
  const [role, setRole] = useState<Role>('learner');
  const [teamId, setTeamId] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const teams = useTeams(org.id);
  const start = useStartBulk(org.id);
  const actions = BULK_ACTIONS_BY_STATUS[view.status] ?? [];
  const statusWord = STATUS_LABELS[view.status].toLowerCase();
  const count = selection.allOfFilter
    ? matching === null
      ? `everyone this filter finds`
      : `all ${formatNumber(matching)} ${statusWord}`
    : `${formatNumber(selection.ids.length)} ${selection.ids.length === 1 ? 'person' : 'people'}`;

  const close = () => {
    setAction(null);
    start.reset();
  };
  const confirm = () => {
    if (!action) return;
    const body: BulkRequest = {
      action,
      ...(selection.allOfFilter ? { filter: bulkFilterOf(view) } : { ids: [...selection.ids] }),
      ...(action === 'change_role' ? { role } : {}),
      ...(action === 'add_to_team' && teamId ? { teamId } : {}),
      ...(action === 'resend' && message.trim() ? { message: message.trim() } : {}),
    };
    start.mutate(body, {
      onSuccess: (operation) => {
        close();
        onStarted(operation.id);
      },
    });
  };

  const titles: Record<BulkActionName, string> = {
    resend: `Resend the invitations of ${count}?`,
    cancel: `Cancel the invitations of ${count}?`,
    remove: `Remove ${count} from ${org.name}?`,
    change_role: `Change the role of ${count}`,
    add_to_team: `Add ${count} to a team`,
  };
  const myTeams = (teams.data?.items ?? []).filter((team) => team.canManage);

  return (
    <Paper withBorder radius="md" p="xs" bg="var(--mantine-color-blue-light)" data-testid="bulk-bar">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs" wrap="wrap">
          <Text fz="sm" fw={600}>
            {selection.allOfFilter
              ? `All ${matching === null ? 'matching people' : formatNumber(matching)} selected`
              : `${formatNumber(selection.ids.length)} selected`}
          </Text>
          {offerAll && !selection.allOfFilter ? (
            <Anchor component="button" type="button" fz="sm" onClick={onSelectAll}>
              {matching === null ? 'Select everyone this filter finds' : `Select all ${formatNumber(matching)} ${statusWord}`}
            </Anchor>
          ) : null}
          <Anchor component="button" type="button" fz="sm" c="dimmed" onClick={onClear}>
            Clear selection
          </Anchor>
        </Group>
        <Group gap="xs" wrap="wrap">
          {actions.map((name) => (
            <Button
              key={name}
              size="xs"
              variant={name === 'remove' || name === 'cancel' ? 'light' : 'default'}
              color={name === 'remove' || name === 'cancel' ? 'red' : undefined}
              onClick={() => setAction(name)}
            >
              {BULK_LABELS[name].button}
            </Button>
          ))}
        </Group>
      </Group>
      <ConfirmDialog
        opened={action !== null}
        title={action ? titles[action] : ''}
        confirmLabel={action ? BULK_LABELS[action].button : ''}
        danger={action === 'remove' || action === 'cancel'}
        pending={start.isPending}
        error={start.error}
        onConfirm={confirm}
        onClose={close}
      >
        {action === 'change_role' ? <RoleSelect myRole={myRole} value={role} onChange={setRole} /> : null}
        {action === 'add_to_team' ? (
          <Select
            label="Team"
            placeholder={myTeams.length === 0 ? 'No teams you manage' : 'Pick a team'}
            data={teamOptions(myTeams)}
            value={teamId}
            onChange={setTeamId}
            searchable
          />
        ) : null}
        {action === 'resend' ? (
          <Textarea
            label="Personal message (optional)"
            value={message}
            onChange={(e) => setMessage(e.currentTarget.value)}
            autosize
            minRows={2}
          />
        ) : null}
        <Text fz="sm" mt="sm">
          {action === 'remove'
            ? 'Their access ends at once and their seats return to the bank. Their history is kept.'
            : action === 'cancel'
              ? 'Their links stop working at once.'
              : action === 'resend'
                ? 'Each gets a new link; earlier links stop working.'
                : 'Done in the background; each change is in the audit log.'}{' '}
          People you may not act on are left as they are, and listed with the reason.
        </Text>
      </ConfirmDialog>
    </Paper>
  );
}
