import { Button, Group, Modal, NumberInput, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { OrgView } from '../../../api/types';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyFieldErrors } from '../../../lib/form-errors';
import type { OrgRole } from '../../../lib/roles';
import { teamsRequired } from '../teams/TeamPicker';
import { teamOptions, useTeams } from '../teams/use-teams';
import type { InviteLink, useLinkActions } from './use-links';

interface Props {
  readonly org: OrgView;
  readonly role: OrgRole;
  readonly opened: boolean;
  readonly mutation: ReturnType<typeof useLinkActions>['create'];
  readonly onClose: () => void;
  readonly onCreated: (link: InviteLink) => void;
}

/** Domains (required), team, label, expiry and maximum joins of a new link. */
export function CreateLinkDialog({ org, role, opened, mutation, onClose, onCreated }: Props) {
  const teams = useTeams(org.id);
  const mine = (teams.data?.items ?? []).filter((team) => team.canManage);
  const needsTeam = teamsRequired(org, role);
  const form = useForm({
    initialValues: {
      label: '',
      domains: '',
      teamId: null as string | null,
      expiresOn: '',
      maxUses: '' as number | string,
      approval: false,
    },
    validate: {
      domains: (value) => (value.split(/[\s,;]+/).some((d) => d.trim() !== '') ? null : 'Enter at least one domain, such as acme.com.'),
      teamId: (value) => (needsTeam && !value ? 'Pick a team.' : null),
    },
  });
  const close = () => {
    form.reset();
    mutation.reset();
    onClose();
  };
  const submit = form.onSubmit((values) =>
    mutation.mutate(
      {
        label: values.label.trim(),
        domains: values.domains.split(/[\s,;]+/).filter((d) => d.trim() !== ''),
        teamId: values.teamId,
        expiresAt: values.expiresOn ? new Date(`${values.expiresOn}T23:59:59`).toISOString() : null,
        maxUses: values.maxUses === '' ? null : Number(values.maxUses),
        mode: values.approval ? 'request' : 'join',
      },
      {
        onSuccess: (link) => {
          close();
          onCreated(link);
        },
        onError: (error) => applyFieldErrors(form, error),
      },
    ),
  );
  return (
    <Modal opened={opened} onClose={close} title="Create a sign-up link" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label="Label" description="For you: where you will share it, e.g. “Intranet”." {...form.getInputProps('label')} />
          <TextInput
            label="Email domains"
            description="Only addresses at these domains may join, e.g. acme.com. Write *.acme.com to accept its subdomains."
            required
            {...form.getInputProps('domains')}
          />
          <Select
            label="Team"
            description={
              needsTeam ? 'People who join are placed in this team (required).' : 'Optional: people who join are placed in this team.'
            }
            data={teamOptions(mine)}
            clearable
            searchable
            required={needsTeam}
            {...form.getInputProps('teamId')}
          />
          <Group grow align="flex-start">
            <TextInput label="Expires on" type="date" description="Optional." {...form.getInputProps('expiresOn')} />
            <NumberInput label="Maximum joins" description="Optional." min={1} allowDecimal={false} {...form.getInputProps('maxUses')} />
          </Group>
          <Switch
            label="Ask for approval"
            description="People who confirm their address wait in the Requests tab of Members until someone approves them."
            {...form.getInputProps('approval', { type: 'checkbox' })}
          />
          <ErrorAlert error={mutation.error} title="The link was not created" shownFields={['label', 'domains', 'teamId', 'maxUses']} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              Create and copy the link
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
