import { Alert, Anchor, Button, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconLock } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { currentApi, unwrap } from '../../../api/client';
import type { BodyFor, Role } from '../../../api/types';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { checkPassword, NewPasswordField, usePasswordRules } from '../../../components/PasswordField';
import { RoleSelect } from '../../../components/RoleSelect';
import { applyFieldErrors } from '../../../lib/form-errors';
import { fullName } from '../../../lib/format';
import { usePageTitle } from '../../../lib/use-page-title';
import { membersKey } from '../members/use-members';
import { orgKey, useOrg } from '../org-context';
import { TeamPicker, teamsRequired } from '../teams/TeamPicker';

type SetUpBody = BodyFor<'/api/v1/orgs/{orgId}/users', 'post'>;
const FIELDS = ['firstName', 'lastName', 'email', 'username', 'password', 'role', 'note', 'teamIds'];

/** create an active account directly, with a set-password link or a password. */
export function SetUpUserPage() {
  const { org, role: myRole } = useOrg();
  usePageTitle(`Set up a user · ${org.name}`);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const rules = usePasswordRules();
  const form = useForm({
    initialValues: {
      firstName: '',
      lastName: '',
      email: '',
      username: '',
      passwordMode: 'link',
      password: '',
      role: 'learner' as Role,
      note: '',
      teamIds: [] as string[],
    },
    validate: {
      firstName: (v) => (v.trim() ? null : 'Enter a first name.'),
      lastName: (v) => (v.trim() ? null : 'Enter a last name.'),
      email: (v, values) => (v.trim() || values.username.trim() ? null : 'Enter an email address, or a username for someone without one.'),
      teamIds: (v) => (teamsRequired(org, myRole) && v.length === 0 ? 'Pick at least one team.' : null),
      password: (v, values) => (values.passwordMode === 'password' || !values.email.trim() ? checkPassword(v, rules.data) : null),
    },
  });
  const linkPossible = form.values.email.trim() !== '';
  const mode = linkPossible ? form.values.passwordMode : 'password';

  const setUp = useMutation({
    mutationFn: (body: SetUpBody) => unwrap(currentApi().POST('/api/v1/orgs/{orgId}/users', { params: { path: { orgId: org.id } }, body })),
    onSuccess: async () => {
      const v = form.values;
      notifications.show({
        color: 'teal',
        title: `${fullName(v.firstName, v.lastName)} is set up`,
        message:
          mode === 'link'
            ? `A link to choose a password was emailed to ${v.email.trim()}.`
            : 'They can sign in with the password you chose.',
      });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: membersKey(org.id) }),
        queryClient.invalidateQueries({ queryKey: orgKey(org.id) }),
      ]);
      void navigate(`/orgs/${org.id}/members?status=active`);
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  const submit = form.onSubmit((v) =>
    setUp.mutate({
      firstName: v.firstName.trim(),
      lastName: v.lastName.trim(),
      ...(v.email.trim() ? { email: v.email.trim() } : {}),
      ...(v.username.trim() ? { username: v.username.trim() } : {}),
      ...(mode === 'password' ? { password: v.password, sendPasswordLink: false } : { sendPasswordLink: true }),
      role: v.role,
      ...(v.note.trim() ? { note: v.note.trim() } : {}),
      ...(v.teamIds.length > 0 ? { teamIds: v.teamIds } : {}),
    }),
  );

  const trial = org.kind === 'trial';
  return (
    <Stack gap="lg" maw={720}>
      <Stack gap={4}>
        <Title order={1} fz={26}>
          Set up a user
        </Title>
        <Text c="dimmed" fz="sm">
          Creates an active account at once, without an invitation to accept. The seat is billable from the moment they are notified.
        </Text>
      </Stack>
      {trial ? (
        <Alert color="orange" variant="light" icon={<IconLock size={20} />} title="Not available on a trial plan">
          To prevent spam, trial organizations cannot create accounts directly: invite people by email instead, and they join when they
          accept. Setting up users becomes available once the plan is paid.{' '}
          <Anchor component={Link} to={`/orgs/${org.id}/members?status=pending`} fz="sm">
            Go to members to invite people
          </Anchor>
        </Alert>
      ) : null}
      <Paper withBorder radius="lg" p="xl" component="form" onSubmit={submit} noValidate>
        <fieldset disabled={trial} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="First name" required autoComplete="off" {...form.getInputProps('firstName')} />
              <TextInput label="Last name" required autoComplete="off" {...form.getInputProps('lastName')} />
            </SimpleGrid>
            <TextInput
              label="Email address"
              type="email"
              autoComplete="off"
              description="Leave empty for someone without an email address: give a username instead."
              {...form.getInputProps('email')}
            />
            <TextInput
              label="Username (optional)"
              autoComplete="off"
              description="Lets them sign in without an email address."
              {...form.getInputProps('username')}
            />
            <Stack gap={6}>
              <Text fz="sm" fw={500} id="password-mode-label">
                How they get a password
              </Text>
              <SegmentedControl
                aria-labelledby="password-mode-label"
                data={[
                  { value: 'link', label: 'Email a link to choose one', disabled: !linkPossible },
                  { value: 'password', label: 'Set a password now' },
                ]}
                value={mode}
                onChange={(value) => form.setFieldValue('passwordMode', value)}
                w="fit-content"
              />
              <Text fz="xs" c="dimmed">
                {mode === 'link'
                  ? 'The link is valid once. Roster never sends a password by email.'
                  : 'Tell them the password yourself; Roster never emails it.'}
              </Text>
            </Stack>
            {mode === 'password' ? <NewPasswordField {...form.getInputProps('password')} /> : null}
            <RoleSelect
              myRole={myRole}
              value={form.values.role}
              error={form.errors.role}
              onChange={(role) => form.setFieldValue('role', role)}
            />
            <TeamPicker
              org={org}
              myRole={myRole}
              value={form.values.teamIds}
              onChange={(value) => form.setFieldValue('teamIds', value)}
              error={form.errors.teamIds}
            />
            <Textarea
              label="Private note (optional)"
              description="Seen by admins only."
              autosize
              minRows={2}
              maxLength={2000}
              {...form.getInputProps('note')}
            />
            <ErrorAlert error={setUp.error} title="The user was not set up" shownFields={FIELDS} />
            <Group justify="flex-end">
              <Button variant="default" component={Link} to={`/orgs/${org.id}/members`}>
                Cancel
              </Button>
              <Button type="submit" loading={setUp.isPending}>
                Set up user
              </Button>
            </Group>
          </Stack>
        </fieldset>
      </Paper>
    </Stack>
  );
}
