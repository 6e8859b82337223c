import { Button, Checkbox, Group, NumberInput, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { operatorApi, unwrap } from '../../api/client';
import type { BodyFor } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyFieldErrors } from '../../lib/form-errors';
import { usePageTitle } from '../../lib/use-page-title';
import { SEATS_SENTENCE, wholeNumberError } from '../../lib/whole-number';

type CreateBody = BodyFor<'/api/v1/orgs', 'post'>;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/;

export const slugify = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);

/** /operator/orgs/new: a plan with its seats; next, invite its admin. */
export function CreateOrgPage() {
  usePageTitle('Create an organization');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: {
      name: '',
      slug: '',
      slugEdited: false,
      kind: 'paid',
      seats: 50 as number | string,
      renewalDate: '',
      neverExpires: false,
      invitationExpiryDays: 45 as number | string,
    },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name.'),
      slug: (v) => (SLUG.test(v) ? null : '3 to 63 lower-case letters, digits and dashes, not starting or ending with a dash.'),
      seats: (v) => wholeNumberError(v, SEATS_SENTENCE),
    },
  });
  const create = useMutation({
    mutationFn: (body: CreateBody) => unwrap(operatorApi.POST('/api/v1/orgs', { body })),
    onSuccess: async (org) => {
      await queryClient.invalidateQueries({ queryKey: ['operator-orgs'] });
      void navigate(`/orgs/${org.id}/members?status=pending`, {
        state: { notice: `${org.name} is created. Invite its first admin.`, invite: 'admin' },
      });
    },
    onError: (error) => applyFieldErrors(form, error),
  });
  const submit = form.onSubmit((v) =>
    create.mutate({
      name: v.name.trim(),
      slug: v.slug,
      kind: v.kind === 'trial' ? 'trial' : 'paid',
      seats: Number(v.seats),
      ...(v.renewalDate ? { renewalDate: v.renewalDate } : {}),
      invitationExpiryDays: v.neverExpires ? null : Number(v.invitationExpiryDays),
    }),
  );

  return (
    <Stack gap="lg" maw={720}>
      <Title order={1} fz={26}>
        Create an organization
      </Title>
      <Paper withBorder radius="lg" p="xl" component="form" onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label="Name"
            required
            data-autofocus
            {...form.getInputProps('name')}
            onChange={(event) => {
              const name = event.currentTarget.value;
              form.setFieldValue('name', name);
              if (!form.values.slugEdited) form.setFieldValue('slug', slugify(name));
            }}
          />
          <TextInput
            label="Slug"
            required
            description="The organization's address in links and its join page. Lower-case letters, digits and dashes."
            {...form.getInputProps('slug')}
            onChange={(event) => {
              form.setFieldValue('slug', event.currentTarget.value);
              form.setFieldValue('slugEdited', true);
            }}
          />
          <Stack gap={6}>
            <Text fz="sm" fw={500} id="plan-kind">
              Plan
            </Text>
            <SegmentedControl
              aria-labelledby="plan-kind"
              data={[
                { value: 'paid', label: 'Paid' },
                { value: 'trial', label: 'Free trial' },
              ]}
              w="fit-content"
              {...form.getInputProps('kind')}
            />
            <Text fz="xs" c="dimmed">
              Trial organizations can only invite people; they cannot set up accounts directly.
            </Text>
          </Stack>
          <Group grow align="flex-start" wrap="wrap">
            <NumberInput label="Seats" required min={0} allowDecimal={false} miw={160} {...form.getInputProps('seats')} />
            <TextInput label="Renewal date (optional)" type="date" miw={160} {...form.getInputProps('renewalDate')} />
          </Group>
          <Group align="flex-end">
            <NumberInput
              label="Invitations expire after (days)"
              min={1}
              max={3650}
              allowDecimal={false}
              disabled={form.values.neverExpires}
              w={240}
              {...form.getInputProps('invitationExpiryDays')}
            />
            <Checkbox label="Never expire" mb={8} {...form.getInputProps('neverExpires', { type: 'checkbox' })} />
          </Group>
          <ErrorAlert
            error={create.error}
            title="The organization was not created"
            shownFields={['name', 'slug', 'seats', 'renewalDate', 'invitationExpiryDays']}
          />
          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/operator/orgs">
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create organization
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
