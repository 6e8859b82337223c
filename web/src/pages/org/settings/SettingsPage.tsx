import {
  Button,
  Checkbox,
  Divider,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link } from 'react-router';
import type { OrgView } from '../../../api/types';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyFieldErrors } from '../../../lib/form-errors';
import { timeZones } from '../../../lib/time-zones';
import { usePageTitle } from '../../../lib/use-page-title';
import { useOrg } from '../org-context';
import { BillingCard } from './BillingCard';
import { PlanCard } from './PlanCard';
import { ScimCard } from './ScimCard';
import { useSaveOrg } from './use-save-org';

const valuesOf = (org: OrgView) => ({
  name: org.name,
  neverExpires: org.invitationExpiryDays === null,
  invitationExpiryDays: (org.invitationExpiryDays ?? 45) as number | string,
  emailNote: org.emailNote ?? '',
  emailSenderName: org.emailSenderName ?? '',
  requireTeam: org.requireTeam,
  reserveSeatAtInvite: org.reserveSeatAtInvite,
  timeZone: org.timeZone,
  learningPlatformName: org.learningPlatform?.name ?? '',
  learningPlatformUrl: org.learningPlatform?.url ?? '',
});

/** invitation expiry, the note added to invitation emails, the sender name. */
export function SettingsPage() {
  const { org, role } = useOrg();
  usePageTitle(`Settings · ${org.name}`);
  const form = useForm({
    initialValues: valuesOf(org),
    validate: {
      name: (v) => (v.trim() ? null : 'Enter the name of the organization.'),
      invitationExpiryDays: (v, values) =>
        values.neverExpires || (Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= 3650)
          ? null
          : 'Enter a number of days from 1 to 3650.',
      learningPlatformName: (v, values) =>
        v.trim() === '' && values.learningPlatformUrl.trim() !== '' ? 'Name the learning platform, e.g. “Campus”.' : null,
      learningPlatformUrl: (v, values) =>
        v.trim() === ''
          ? values.learningPlatformName.trim() !== ''
            ? 'Enter the address learners go to.'
            : null
          : /^https?:\/\/[^\s/]+/.test(v.trim())
            ? null
            : 'Enter a full web address starting with https://.',
    },
  });
  const save = useSaveOrg(org, (saved) => form.setInitialValues(valuesOf(saved)));
  const submit = form.onSubmit((v) =>
    save.mutate(
      {
        name: v.name.trim(),
        invitationExpiryDays: v.neverExpires ? null : Number(v.invitationExpiryDays),
        emailNote: v.emailNote.trim() === '' ? null : v.emailNote.trim(),
        emailSenderName: v.emailSenderName.trim() === '' ? null : v.emailSenderName.trim(),
        requireTeam: v.requireTeam,
        reserveSeatAtInvite: v.reserveSeatAtInvite,
        timeZone: v.timeZone,
        learningPlatformName: v.learningPlatformName.trim() || null,
        learningPlatformUrl: v.learningPlatformUrl.trim() || null,
      },
      { onError: (error) => applyFieldErrors(form, error) },
    ),
  );

  return (
    <Stack gap="lg" maw={760}>
      <Title order={1} fz={26}>
        Settings
      </Title>
      <Paper withBorder radius="lg" p="xl" component="form" onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label="Organization name" required {...form.getInputProps('name')} />
          <Stack gap={6}>
            <Group align="flex-end" gap="md">
              <NumberInput
                label="Invitations expire after"
                rightSection={
                  <Text fz="sm" c="dimmed" pr="md">
                    days
                  </Text>
                }
                rightSectionWidth={60}
                min={1}
                max={3650}
                allowDecimal={false}
                disabled={form.values.neverExpires}
                w={220}
                {...form.getInputProps('invitationExpiryDays')}
              />
              <Checkbox label="Never expire" mb={8} {...form.getInputProps('neverExpires', { type: 'checkbox' })} />
            </Group>
            <Text fz="xs" c="dimmed">
              Applies to invitations sent or re-sent from now on. The default is 45 days.
            </Text>
          </Stack>
          <TextInput
            label="Sender name"
            description="Shown as the sender of invitation emails, e.g. “Acme Academy”. Empty: Roster's default."
            maxLength={100}
            {...form.getInputProps('emailSenderName')}
          />
          <Textarea
            label="Note in invitation emails"
            description="A short text added to every invitation email, e.g. who to contact with questions."
            autosize
            minRows={3}
            maxLength={2000}
            {...form.getInputProps('emailNote')}
          />
          <Switch
            label="Require a team for everyone invited or set up"
            description="Managers and user admins must always pick teams they manage; with this on, administrators must pick a team too."
            {...form.getInputProps('requireTeam', { type: 'checkbox' })}
          />
          <Switch
            label="Reserve a seat for each pending invitation"
            description="Invitations sent from now on hold a seat until they are accepted, cancelled or expire, so an accepted invitation always finds a seat."
            {...form.getInputProps('reserveSeatAtInvite', { type: 'checkbox' })}
          />
          <Divider label="Learners" labelPosition="left" />
          <Select
            label="Time zone"
            description="Session times are shown and emailed in this zone."
            data={timeZones(form.values.timeZone)}
            searchable
            allowDeselect={false}
            maxDropdownHeight={280}
            w={320}
            {...form.getInputProps('timeZone')}
          />
          <Group grow align="flex-start" wrap="wrap">
            <TextInput
              label="Learning platform"
              description="After joining, learners get a “Go to …” button with this name."
              placeholder="Campus"
              maxLength={80}
              miw={200}
              {...form.getInputProps('learningPlatformName')}
            />
            <TextInput
              label="Its address"
              description="Empty: learners are sent to My learning."
              placeholder="https://learn.example.com"
              miw={260}
              {...form.getInputProps('learningPlatformUrl')}
            />
          </Group>
          <ErrorAlert
            error={save.error}
            title="The settings were not saved"
            shownFields={[
              'name',
              'invitationExpiryDays',
              'emailNote',
              'emailSenderName',
              'requireTeam',
              'reserveSeatAtInvite',
              'timeZone',
              'learningPlatformName',
              'learningPlatformUrl',
            ]}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => form.reset()} disabled={!form.isDirty()}>
              Discard changes
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
              Save settings
            </Button>
          </Group>
        </Stack>
      </Paper>
      <Paper withBorder radius="lg" p="xl">
        <Stack gap="xs">
          <Title order={2} fz={18}>
            Integrations
          </Title>
          <Text fz="sm" c="dimmed">
            API keys let other systems call Roster; webhooks tell them what happened here.
          </Text>
          <Group>
            <Button component={Link} to={`/orgs/${org.id}/settings/api-keys`} variant="light">
              API keys
            </Button>
            <Button component={Link} to={`/orgs/${org.id}/settings/webhooks`} variant="light">
              Webhooks
            </Button>
          </Group>
        </Stack>
      </Paper>
      {role === 'operator' || role === 'admin' ? <ScimCard orgId={org.id} /> : null}
      <PlanCard org={org} editable={role === 'operator'} />
      {role === 'operator' || role === 'admin' ? <BillingCard orgId={org.id} /> : null}
    </Stack>
  );
}
