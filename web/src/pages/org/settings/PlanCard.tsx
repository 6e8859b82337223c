import { Button, Group, NumberInput, Paper, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { OrgView } from '../../../api/types';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyFieldErrors } from '../../../lib/form-errors';
import { formatDate, formatNumber } from '../../../lib/format';
import { SEATS_SENTENCE, wholeNumberError } from '../../../lib/whole-number';
import { useSaveOrg } from './use-save-org';

export function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={2}>
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz="sm" fw={500}>
        {value}
      </Text>
    </Stack>
  );
}

/** The plan: read-only for admins, changed by the platform operator. */
export function PlanCard({ org, editable }: { org: OrgView; editable: boolean }) {
  return (
    <Paper withBorder radius="lg" p="xl">
      <Stack gap="md">
        <Title order={2} fz="lg">
          Plan
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Fact label="Kind" value={org.kind === 'trial' ? 'Free trial' : 'Paid'} />
          <Fact label="Seats" value={`${formatNumber(org.seatsUsed)} used of ${formatNumber(org.seats)}`} />
          <Fact label="Renewal" value={formatDate(org.renewalDate)} />
          <Fact label="Address" value={org.slug} />
        </SimpleGrid>
        {editable ? (
          <PlanForm org={org} />
        ) : (
          <Text fz="sm" c="dimmed">
            To change the plan or the number of seats, contact your Roster provider.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function PlanForm({ org }: { org: OrgView }) {
  const initial = { kind: org.kind as string, seats: org.seats as number | string, renewalDate: org.renewalDate ?? '', slug: org.slug };
  const form = useForm({ initialValues: initial, validate: { seats: (v) => wholeNumberError(v, SEATS_SENTENCE) } });
  const save = useSaveOrg(org, (saved) =>
    form.setInitialValues({ kind: saved.kind, seats: saved.seats, renewalDate: saved.renewalDate ?? '', slug: saved.slug }),
  );
  return (
    <form
      onSubmit={form.onSubmit((v) =>
        save.mutate(
          { kind: v.kind === 'trial' ? 'trial' : 'paid', seats: Number(v.seats), renewalDate: v.renewalDate || null, slug: v.slug.trim() },
          { onError: (error) => applyFieldErrors(form, error) },
        ),
      )}
      noValidate
    >
      <Stack gap="md">
        <Text fz="sm" fw={600}>
          Operator: change the plan
        </Text>
        <SegmentedControl
          data={[
            { value: 'trial', label: 'Free trial' },
            { value: 'paid', label: 'Paid' },
          ]}
          w="fit-content"
          {...form.getInputProps('kind')}
        />
        <Group grow align="flex-start" wrap="wrap">
          <NumberInput label="Seats" min={0} allowDecimal={false} miw={140} {...form.getInputProps('seats')} />
          <TextInput label="Renewal date" type="date" miw={160} {...form.getInputProps('renewalDate')} />
          <TextInput label="Slug" miw={160} {...form.getInputProps('slug')} />
        </Group>
        <ErrorAlert error={save.error} title="The plan was not changed" shownFields={['kind', 'seats', 'renewalDate', 'slug']} />
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={save.isPending} disabled={!form.isDirty()}>
            Save plan
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
