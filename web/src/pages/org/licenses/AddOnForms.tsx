import { Button, Checkbox, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { AddOn } from '../../../api/types';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyFieldErrors } from '../../../lib/form-errors';
import { useAddOnMutations } from './use-licenses';

/** Operator: a new add-on license pool. */
export function NewAddOn({ orgId }: { orgId: string }) {
  const { create } = useAddOnMutations(orgId);
  const form = useForm({
    initialValues: { name: '', total: 10 as number | string, transferable: true },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter the name of the add-on.'),
      total: (v) => (Number.isInteger(Number(v)) && Number(v) >= 0 ? null : 'Enter a whole number of licenses.'),
    },
  });
  return (
    <form
      onSubmit={form.onSubmit((v) =>
        create.mutate(
          { name: v.name.trim(), total: Number(v.total), transferable: v.transferable },
          { onSuccess: () => form.reset(), onError: (error) => applyFieldErrors(form, error) },
        ),
      )}
      noValidate
    >
      <Stack gap="sm">
        <Text fz="sm" fw={600}>
          Operator: add an add-on
        </Text>
        <Group gap="sm" align="flex-start" wrap="wrap">
          <TextInput label="Add-on name" required style={{ flex: '1 1 220px' }} {...form.getInputProps('name')} />
          <NumberInput label="Licenses" min={0} allowDecimal={false} w={140} {...form.getInputProps('total')} />
        </Group>
        <Checkbox
          label="Transferable: a license goes back to the pool when unassigned"
          {...form.getInputProps('transferable', { type: 'checkbox' })}
        />
        <ErrorAlert error={create.error} title="The add-on was not created" shownFields={['name', 'total']} />
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={create.isPending}>
            Create add-on
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Operator: the total of one add-on, changed in place. */
export function AddOnTotal({ orgId, addOn }: { orgId: string; addOn: AddOn }) {
  const { update } = useAddOnMutations(orgId);
  const [total, setTotal] = useState<number | string>(addOn.total);
  return (
    <Stack gap={4}>
      <Group gap={6} wrap="nowrap">
        <NumberInput
          aria-label={`Total of ${addOn.name}`}
          min={0}
          allowDecimal={false}
          value={total}
          onChange={setTotal}
          w={100}
          size="xs"
          error={update.error ? true : undefined}
        />
        <Button
          size="xs"
          variant="light"
          loading={update.isPending}
          disabled={Number(total) === addOn.total || total === ''}
          onClick={() => update.mutate({ addOnId: addOn.id, changes: { total: Number(total) } })}
        >
          Save
        </Button>
      </Group>
      <ErrorAlert error={update.error} title="The total was not changed" />
    </Stack>
  );
}
