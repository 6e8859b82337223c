import { ActionIcon, Badge, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { currentApi, unwrap } from '../../../api/client';
import type { BodyFor, Team, TrainingKind } from '../../../api/types';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageLoader } from '../../../components/PageLoader';
import { applyFieldErrors } from '../../../lib/form-errors';
import { formatDateTime } from '../../../lib/format';

export const KIND_LABELS: Record<TrainingKind, string> = { course: 'Course', path: 'Learning path', session: 'Session' };
const trainingsKey = (orgId: string, teamId: string) => ['trainings', orgId, teamId] as const;
type NewTraining = BodyFor<'/api/v1/orgs/{orgId}/teams/{teamId}/trainings', 'post'>;

/** R-21: what the team's learners are assigned; sessions have a date and a place. */
export function TeamTrainings({ orgId, team }: { orgId: string; team: Team }) {
  const queryClient = useQueryClient();
  const path = { orgId, teamId: team.id };
  const trainings = useQuery({
    queryKey: trainingsKey(orgId, team.id),
    queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}/teams/{teamId}/trainings', { params: { path } })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trainingsKey(orgId, team.id) });
  const remove = useMutation({
    mutationFn: (trainingId: string) =>
      unwrap(
        currentApi().DELETE('/api/v1/orgs/{orgId}/teams/{teamId}/trainings/{trainingId}', { params: { path: { ...path, trainingId } } }),
      ),
    onSuccess: refresh,
  });

  return (
    <Stack gap="md">
      {trainings.isPending ? (
        <PageLoader />
      ) : trainings.isError ? (
        <ErrorAlert error={trainings.error} title="Could not load the trainings" onRetry={() => void trainings.refetch()} />
      ) : trainings.data.items.length === 0 ? (
        <Text c="dimmed">No training is assigned to this team.</Text>
      ) : (
        <Table aria-label={`Trainings of ${team.name}`} data-testid="team-trainings">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Training</Table.Th>
              <Table.Th>When and where</Table.Th>
              <Table.Th>Assigned to</Table.Th>
              <Table.Th w={48} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {trainings.data.items.map((training) => (
              <Table.Tr key={training.id}>
                <Table.Td>
                  <Text fz="sm" fw={500}>
                    {training.title}
                  </Text>
                  <Badge size="sm" variant="light" color="gray">
                    {KIND_LABELS[training.kind]}
                  </Badge>
                </Table.Td>
                <Table.Td fz="sm">
                  {training.kind === 'session'
                    ? `${formatDateTime(training.startsAt)}${training.location ? ` · ${training.location}` : ''}`
                    : '—'}
                </Table.Td>
                <Table.Td fz="sm">
                  {training.assignedCount} {training.assignedCount === 1 ? 'person' : 'people'}
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Delete ${training.title}`}
                    loading={remove.isPending && remove.variables === training.id}
                    onClick={() => remove.mutate(training.id)}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ErrorAlert error={remove.error} title="The training was not deleted" />
      <AddTraining orgId={orgId} team={team} onAdded={refresh} />
    </Stack>
  );
}

function AddTraining({ orgId, team, onAdded }: { orgId: string; team: Team; onAdded: () => Promise<void> }) {
  const form = useForm({
    initialValues: { kind: 'course' as TrainingKind, title: '', startsAt: '', location: '' },
    validate: {
      title: (v) => (v.trim() ? null : 'Enter the title of the training.'),
      startsAt: (v, values) => (values.kind === 'session' && !v ? 'Pick the date and time of the session.' : null),
    },
  });
  const add = useMutation({
    mutationFn: (body: NewTraining) =>
      unwrap(currentApi().POST('/api/v1/orgs/{orgId}/teams/{teamId}/trainings', { params: { path: { orgId, teamId: team.id } }, body })),
    onSuccess: async (training) => {
      notifications.show({ color: 'teal', message: `${training.title} assigned to ${team.name}.` });
      form.reset();
      await onAdded();
    },
    onError: (error) => applyFieldErrors(form, error),
  });
  const session = form.values.kind === 'session';
  const submit = form.onSubmit((v) =>
    add.mutate({
      kind: v.kind,
      title: v.title.trim(),
      ...(session ? { startsAt: new Date(v.startsAt).toISOString(), location: v.location.trim() || null } : {}),
    }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Group gap="sm" align="flex-start" wrap="wrap">
          <Select
            label="Kind"
            data={(Object.keys(KIND_LABELS) as TrainingKind[]).map((value) => ({ value, label: KIND_LABELS[value] }))}
            allowDeselect={false}
            w={160}
            {...form.getInputProps('kind')}
          />
          <TextInput label="Title" required style={{ flex: '1 1 220px' }} maxLength={200} {...form.getInputProps('title')} />
        </Group>
        {session ? (
          <Group gap="sm" align="flex-start" wrap="wrap">
            <TextInput label="Starts at" type="datetime-local" required w={240} {...form.getInputProps('startsAt')} />
            <TextInput
              label="Place"
              placeholder="Room, address or link"
              style={{ flex: '1 1 220px' }}
              {...form.getInputProps('location')}
            />
          </Group>
        ) : null}
        <ErrorAlert error={add.error} title="The training was not added" shownFields={['title', 'startsAt', 'location']} />
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={add.isPending}>
            Add training
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
