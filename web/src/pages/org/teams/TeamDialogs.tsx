import { Button, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Team, Visibility } from '../../../api/types';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyFieldErrors } from '../../../lib/form-errors';
import { teamOptions, teamPath, useTeamMutations, validParents } from './use-teams';

/** `create` (the page header) makes a top-level team; `create-inside` one inside the selected team. */
export type TeamAction = 'create' | 'create-inside' | 'rename' | 'move' | 'visibility' | 'delete';

const TOP = '';

const VISIBILITY_HINTS: Record<Visibility, string> = {
  public: 'A learner placed here is also a learner of the teams above it, up to the first private one.',
  private: 'Learners placed here or below stay here: the teams above do not get them.',
};

function VisibilityField({ value, onChange }: { value: Visibility; onChange: (value: Visibility) => void }) {
  return (
    <Stack gap={6}>
      <Text fz="sm" fw={500} id="visibility-label">
        Visibility
      </Text>
      <SegmentedControl
        aria-labelledby="visibility-label"
        data={[
          { value: 'public', label: 'Public' },
          { value: 'private', label: 'Private' },
        ]}
        value={value}
        onChange={(next) => onChange(next === 'private' ? 'private' : 'public')}
        w="fit-content"
      />
      <Text fz="xs" c="dimmed">
        {VISIBILITY_HINTS[value]}
      </Text>
    </Stack>
  );
}

interface Props {
  readonly orgId: string;
  readonly teams: readonly Team[];
  /** The team acted on; for "create-inside", the parent. */
  readonly team: Team | null;
  /** The caller may put teams at the top level (the tree's `can.createTopLevel`). */
  readonly topLevel: boolean;
  readonly action: TeamAction;
  readonly onClose: () => void;
  readonly onCreated?: (team: Team) => void;
}

/** The dialog for one action on the tree; Roster's refusal shows inside it. */
export function TeamDialogs({ orgId, teams, team, topLevel, action, onClose, onCreated }: Props) {
  const mutations = useTeamMutations(orgId);
  if (action === 'create') return <CreateTeam orgId={orgId} parent={null} onClose={onClose} onCreated={onCreated} />;
  if (!team) return null;
  if (action === 'create-inside') return <CreateTeam orgId={orgId} parent={team} onClose={onClose} onCreated={onCreated} />;
  if (action === 'delete') {
    return (
      <ConfirmDialog
        opened
        title="Delete this team?"
        confirmLabel="Delete team"
        danger
        pending={mutations.remove.isPending}
        error={mutations.remove.error}
        onConfirm={() => mutations.remove.mutate(team, { onSuccess: onClose })}
        onClose={onClose}
      >
        <strong>{teamPath(team)}</strong> is deleted. Roster only deletes a team that has no people and no teams below it.
      </ConfirmDialog>
    );
  }
  return <EditTeam orgId={orgId} teams={teams} team={team} topLevel={topLevel} action={action} onClose={onClose} />;
}

function CreateTeam({
  orgId,
  parent,
  onClose,
  onCreated,
}: {
  orgId: string;
  parent: Team | null;
  onClose: () => void;
  onCreated?: (team: Team) => void;
}) {
  const { create } = useTeamMutations(orgId);
  const form = useForm({
    initialValues: { name: '', visibility: 'public' as Visibility },
    validate: { name: (v) => (v.trim() ? null : 'Enter a name for the team.') },
  });
  const submit = form.onSubmit((v) =>
    create.mutate(
      { name: v.name.trim(), parentId: parent?.id ?? null, visibility: v.visibility },
      {
        onSuccess: (team) => {
          onCreated?.(team);
          onClose();
        },
        onError: (error) => applyFieldErrors(form, error),
      },
    ),
  );
  return (
    <Modal opened onClose={onClose} title={parent ? `New team inside ${teamPath(parent)}` : 'New top-level team'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Name" required data-autofocus maxLength={200} {...form.getInputProps('name')} />
          <VisibilityField value={form.values.visibility} onChange={(value) => form.setFieldValue('visibility', value)} />
          <ErrorAlert error={create.error} title="The team was not created" shownFields={['name', 'parentId']} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create team
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const TITLES = { rename: 'Rename team', move: 'Move to…', visibility: 'Change visibility' } as const;
const SUBMITS = { rename: 'Rename', move: 'Move team', visibility: 'Save visibility' } as const;

function EditTeam({
  orgId,
  teams,
  team,
  topLevel,
  action,
  onClose,
}: {
  orgId: string;
  teams: readonly Team[];
  team: Team;
  topLevel: boolean;
  action: 'rename' | 'move' | 'visibility';
  onClose: () => void;
}) {
  const { update } = useTeamMutations(orgId);
  // Only where Roster would take it: teams the caller may create in, the top level if allowed.
  const parents = validParents(teams, team).filter((other) => other.can.createInside);
  const form = useForm({
    initialValues: { name: team.name, parentId: null as string | null, visibility: team.visibility },
    validate: {
      name: (v) => (action === 'rename' && !v.trim() ? 'Enter a name for the team.' : null),
      parentId: (v) => (action === 'move' && v === null ? 'Pick where the team goes.' : null),
    },
  });
  const submit = form.onSubmit((v) => {
    const changes =
      action === 'rename'
        ? { name: v.name.trim() }
        : action === 'move'
          ? { parentId: v.parentId === TOP ? null : v.parentId }
          : { visibility: v.visibility };
    update.mutate({ teamId: team.id, changes }, { onSuccess: onClose, onError: (error) => applyFieldErrors(form, error) });
  });
  const moveOptions = [...(team.parentId && topLevel ? [{ value: TOP, label: 'Top level (no parent)' }] : []), ...teamOptions(parents)];

  return (
    <Modal opened onClose={onClose} title={`${TITLES[action]} ${teamPath(team)}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {action === 'rename' ? (
            <TextInput label="Name" required data-autofocus maxLength={200} {...form.getInputProps('name')} />
          ) : action === 'move' ? (
            <Select
              label="New parent"
              description="The team moves with everything below it. It cannot go inside itself or a team below it."
              placeholder="Pick a team"
              data={moveOptions}
              searchable
              required
              data-autofocus
              nothingFoundMessage="No team matches"
              {...form.getInputProps('parentId')}
            />
          ) : (
            <VisibilityField value={form.values.visibility} onChange={(value) => form.setFieldValue('visibility', value)} />
          )}
          <ErrorAlert error={update.error} title="The team was not changed" shownFields={['name', 'parentId']} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={update.isPending}
              disabled={action === 'visibility' && form.values.visibility === team.visibility}
            >
              {SUBMITS[action]}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
