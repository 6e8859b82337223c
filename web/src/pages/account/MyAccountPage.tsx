import {
  Badge,
  Button,
  Group,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  useMantineColorScheme,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { ResponseOf } from '../../api/types';
import { useSession } from '../../app/session';
import { NoOrganizationsYet, PersonPage } from '../../app/shell/PersonPage';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { checkPassword, NewPasswordField, usePasswordRules } from '../../components/PasswordField';
import { Section } from '../../components/Section';
import { deviceOf } from '../../lib/device';
import { applyFieldErrors } from '../../lib/form-errors';
import { formatRelative } from '../../lib/format';
import { timeZones } from '../../lib/time-zones';
import { usePageTitle } from '../../lib/use-page-title';
import { useChangePassword, useEndSession, useMySessions, useProfile, useSaveProfile } from './use-account';

type Profile = ResponseOf<'/api/v1/me/profile', 'get'>;

/** /my/account: the person's own name, time zone, password, look, and where they are signed in. */
export function MyAccountPage() {
  usePageTitle('My account');
  const profile = useProfile();
  const session = useSession();
  return (
    <PersonPage title="My account" subtitle={`Signed in as ${profile.data?.email ?? profile.data?.username ?? '…'}`}>
      {profile.isPending ? (
        <PageLoader label="Loading your account…" />
      ) : profile.isError ? (
        <ErrorAlert error={profile.error} title="Your account could not be loaded" onRetry={() => void profile.refetch()} />
      ) : (
        <>
          <ProfileCard profile={profile.data} />
          <PasswordCard email={profile.data.email} />
          <AppearanceCard />
          <SessionsCard />
          {session.data?.memberships?.length === 0 ? <NoOrganizationsYet /> : null}
        </>
      )}
    </PersonPage>
  );
}

const BROWSER_ZONE = '';

function ProfileCard({ profile }: { profile: Profile }) {
  const values = { firstName: profile.firstName, lastName: profile.lastName, timeZone: profile.timeZone ?? BROWSER_ZONE };
  const form = useForm({
    initialValues: values,
    validate: {
      firstName: (v) => (v.trim() ? null : 'Enter your first name.'),
      lastName: (v) => (v.trim() ? null : 'Enter your last name.'),
    },
  });
  const save = useSaveProfile(() => form.resetDirty());
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <Section title="Profile">
      <form
        noValidate
        onSubmit={form.onSubmit((v) =>
          save.mutate(
            { firstName: v.firstName.trim(), lastName: v.lastName.trim(), timeZone: v.timeZone === BROWSER_ZONE ? null : v.timeZone },
            { onError: (error) => applyFieldErrors(form, error) },
          ),
        )}
      >
        <Stack gap="md">
          <Group grow align="flex-start" wrap="wrap">
            <TextInput label="First name" required maxLength={100} miw={200} {...form.getInputProps('firstName')} />
            <TextInput label="Last name" required maxLength={100} miw={200} {...form.getInputProps('lastName')} />
          </Group>
          <Select
            label="Time zone"
            description="Dates and times on every screen are shown in it."
            data={[{ value: BROWSER_ZONE, label: `This browser's (${browserZone})` }, ...timeZones(profile.timeZone)]}
            searchable
            allowDeselect={false}
            maxDropdownHeight={280}
            w={340}
            {...form.getInputProps('timeZone')}
          />
          <ErrorAlert error={save.error} title="Your account was not saved" shownFields={['firstName', 'lastName', 'timeZone']} />
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
              Save profile
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function PasswordCard({ email }: { email: string | null }) {
  const rules = usePasswordRules();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', repeat: '' },
    validate: {
      currentPassword: (v) => (v ? null : 'Enter your current password.'),
      newPassword: (v) =>
        checkPassword(v, rules.data) ??
        (email && v.toLowerCase() === email.toLowerCase() ? 'The password cannot be your email address.' : null),
      repeat: (v, values) => (v === values.newPassword ? null : 'The two passwords are not the same.'),
    },
  });
  const change = useChangePassword(() => form.reset());
  return (
    <Section title="Password">
      <form
        noValidate
        onSubmit={form.onSubmit((v) =>
          change.mutate(
            { currentPassword: v.currentPassword, newPassword: v.newPassword },
            { onError: (error) => applyFieldErrors(form, error) },
          ),
        )}
      >
        <Stack gap="md" maw={420}>
          <PasswordInput label="Current password" autoComplete="current-password" required {...form.getInputProps('currentPassword')} />
          <NewPasswordField label="New password" {...form.getInputProps('newPassword')} />
          <PasswordInput label="Repeat the new password" autoComplete="new-password" required {...form.getInputProps('repeat')} />
          <Text fz="xs" c="dimmed">
            Changing it signs you out everywhere else.
          </Text>
          <ErrorAlert error={change.error} title="The password was not changed" shownFields={['currentPassword', 'newPassword']} />
          <Group>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function AppearanceCard() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <Section title="Appearance">
      <SegmentedControl
        aria-label="Color scheme"
        w="fit-content"
        value={colorScheme}
        onChange={(value) => setColorScheme(value === 'dark' ? 'dark' : value === 'light' ? 'light' : 'auto')}
        data={[
          { value: 'light', label: 'Light' },
          { value: 'dark', label: 'Dark' },
          { value: 'auto', label: 'Like the system' },
        ]}
      />
    </Section>
  );
}

function SessionsCard() {
  const sessions = useMySessions();
  const end = useEndSession();
  const others = (sessions.data?.items ?? []).filter((item) => !item.current);
  return (
    <Section title="Where you are signed in">
      {sessions.isPending ? (
        <PageLoader />
      ) : sessions.isError ? (
        <ErrorAlert error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <>
          <Table aria-label="Sessions" data-testid="my-sessions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Device</Table.Th>
                <Table.Th>Address</Table.Th>
                <Table.Th>Signed in</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.data.items.map((item) => (
                <Table.Tr key={item.id} data-current={item.current}>
                  <Table.Td fz="sm">{deviceOf(item.userAgent)}</Table.Td>
                  <Table.Td fz="sm">{item.ip ?? '—'}</Table.Td>
                  <Table.Td fz="sm">{formatRelative(item.createdAt)}</Table.Td>
                  <Table.Td ta="right">
                    {item.current ? (
                      <Badge variant="light">This browser</Badge>
                    ) : (
                      <Button size="xs" variant="subtle" color="red" onClick={() => end.mutate(item.id)} loading={end.isPending}>
                        Sign out
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <ErrorAlert error={end.error} title="The session was not signed out" />
          {others.length > 0 ? (
            <Group>
              <Button variant="default" color="red" onClick={() => end.mutate('others')} loading={end.isPending}>
                Sign out everywhere else
              </Button>
            </Group>
          ) : (
            <Text fz="sm" c="dimmed">
              You are signed in on this browser only.
            </Text>
          )}
        </>
      )}
    </Section>
  );
}
