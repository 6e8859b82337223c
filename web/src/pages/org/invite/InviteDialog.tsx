import { Button, Group, Modal, Progress, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { OrgView, Role } from '../../../api/types';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { RoleSelect } from '../../../components/RoleSelect';
import { countDistinct, splitAddresses } from '../../../lib/addresses';
import { applyFieldErrors } from '../../../lib/form-errors';
import type { OrgRole } from '../../../lib/roles';
import { SeatShortfall } from '../licenses/SeatShortfall';
import { useSeatOutlook } from '../licenses/use-seats';
import { TeamPicker, teamsRequired } from '../teams/TeamPicker';
import { InviteResults } from './InviteResults';
import { useInvite } from './use-invite';

interface Props {
  readonly opened: boolean;
  readonly onClose: () => void;
  readonly org: OrgView;
  readonly myRole: OrgRole;
  readonly defaultRole?: Role;
}

export function InviteDialog({ opened, onClose, org, myRole, defaultRole = 'learner' }: Props) {
  const { mutation, progress } = useInvite(org.id);
  const form = useForm({
    initialValues: { emails: '', role: defaultRole, message: '', teamIds: [] as string[] },
    validate: {
      emails: (value) => (splitAddresses(value).length === 0 ? 'Type or paste at least one email address.' : null),
      teamIds: (value) => (teamsRequired(org, myRole) && value.length === 0 ? 'Pick at least one team.' : null),
    },
  });
  const count = countDistinct(splitAddresses(form.values.emails));
  // Said before sending: the free seats against these invitations and those already pending.
  const seats = useSeatOutlook(org.id, opened);
  const close = () => {
    if (mutation.isPending) return;
    void seats.refetch();
    onClose();
    form.reset();
    mutation.reset();
  };
  const again = () => {
    void seats.refetch();
    form.setFieldValue('emails', '');
    mutation.reset();
  };
  // The addresses that did not go through, back in the box for correcting, with the rest kept.
  const failed = (mutation.data?.results ?? []).filter((result) => result.outcome === 'invalid' || result.outcome === 'not_allowed');
  const correct = () => {
    form.setFieldValue('emails', failed.map((result) => result.input).join('\n'));
    mutation.reset();
  };

  return (
    <Modal opened={opened} onClose={close} size="xl" title={`Invite people to ${org.name}`} closeOnClickOutside={!mutation.isPending}>
      {mutation.isSuccess ? (
        <Stack>
          <InviteResults answer={mutation.data} />
          <Group justify="flex-end">
            {failed.length > 0 ? (
              <Button variant="default" onClick={correct}>
                Correct {failed.length === 1 ? 'the address' : `the ${failed.length.toLocaleString()} addresses`} that failed
              </Button>
            ) : null}
            <Button variant="default" onClick={again}>
              Invite more people
            </Button>
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form
          onSubmit={form.onSubmit((values) =>
            mutation.mutate(
              { text: values.emails, role: values.role, message: values.message, teamIds: values.teamIds },
              { onError: (e) => applyFieldErrors(form, e) },
            ),
          )}
          noValidate
        >
          <Stack>
            <Textarea
              label="Email addresses"
              description="Type or paste as many as you like, separated by commas, semicolons, spaces or new lines."
              placeholder={'ada@example.com, grace@example.com\nalan@example.org'}
              autosize
              minRows={4}
              maxRows={12}
              required
              data-autofocus
              {...form.getInputProps('emails')}
            />
            <Text fz="xs" c="dimmed" mt={-8} aria-live="polite">
              {count === 0 ? 'No addresses yet.' : `${count.toLocaleString()} distinct ${count === 1 ? 'address' : 'addresses'}.`}
            </Text>
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
              label="Personal message (optional)"
              description="Added to the invitation email, above the link."
              autosize
              minRows={2}
              maxLength={2000}
              {...form.getInputProps('message')}
            />
            <SeatShortfall orgId={org.id} count={count} outlook={seats.data} context="From the invite dialog" />
            <ErrorAlert
              error={mutation.error}
              title="The invitations were not sent"
              shownFields={['emails', 'role', 'message', 'teamIds']}
            />
            {progress ? (
              <Stack gap={4} role="status">
                <Progress value={progress.total === 0 ? 100 : (progress.done / progress.total) * 100} animated striped size="lg" />
                <Text fz="xs" c="dimmed">
                  Sending invitations… {progress.done.toLocaleString()} of {progress.total.toLocaleString()} addresses done.
                </Text>
              </Stack>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={close} disabled={mutation.isPending}>
                Cancel
              </Button>
              <Button type="submit" loading={mutation.isPending}>
                {count > 1 ? `Send ${count.toLocaleString()} invitations` : 'Send invitation'}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
