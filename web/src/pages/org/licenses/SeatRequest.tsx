import { Button, Group, NumberInput, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyFieldErrors } from '../../../lib/form-errors';
import { useSeatRequest } from './use-seats';

/** Seats are part of the plan, which the operator changes: an administrator asks for more here. */
export function SeatRequest({ orgId, suggested }: { orgId: string; suggested: number }) {
  const request = useSeatRequest(orgId);
  const form = useForm({
    initialValues: { seats: suggested > 0 ? suggested : 10, message: '' } as { seats: number | string; message: string },
    validate: {
      seats: (value) =>
        typeof value === 'number' && Number.isInteger(value) && value >= 1
          ? null
          : 'Enter how many more seats, a whole number of at least 1.',
    },
  });
  const submit = form.onSubmit((values) =>
    request.mutate(
      { seats: Number(values.seats), ...(values.message.trim() ? { message: values.message.trim() } : {}) },
      { onSuccess: () => form.setFieldValue('message', ''), onError: (error) => applyFieldErrors(form, error) },
    ),
  );
  return (
    <Paper withBorder radius="lg" p="lg" component="section" aria-label="Ask for more seats">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} fz="lg">
            Ask for more seats
          </Title>
          <Text fz="sm" c="dimmed">
            The platform operator changes the plan; your request reaches them by email and is kept in the audit log.
          </Text>
          <Group align="flex-start" wrap="wrap">
            <NumberInput label="More seats" min={1} step={1} allowDecimal={false} w={160} {...form.getInputProps('seats')} />
            <Textarea
              label="Message (optional)"
              autosize
              minRows={1}
              maxLength={2000}
              style={{ flex: '1 1 260px' }}
              {...form.getInputProps('message')}
            />
          </Group>
          <ErrorAlert error={request.error} title="The request was not sent" shownFields={['seats', 'message']} />
          <Group justify="flex-end">
            <Button type="submit" loading={request.isPending}>
              Ask for more seats
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
