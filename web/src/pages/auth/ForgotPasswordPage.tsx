import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMailCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { personApi, unwrap } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PublicLayout } from '../../components/PublicLayout';
import { applyFieldErrors } from '../../lib/form-errors';
import { usePageTitle } from '../../lib/use-page-title';

export function ForgotPasswordPage() {
  usePageTitle('Forgot your password');
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: (value) => (/^\S+@\S+$/.test(value.trim()) ? null : 'Enter the email address of your account.') },
  });
  const request = useMutation({
    mutationFn: (email: string) => unwrap(personApi.POST('/api/v1/auth/password-reset', { body: { email } })),
    onError: (error) => applyFieldErrors(form, error),
  });

  if (request.isSuccess) {
    return (
      <PublicLayout title="Check your email">
        <Alert color="teal" variant="light" icon={<IconMailCheck size={20} />} role="status">
          If <strong>{form.values.email.trim()}</strong> belongs to a Roster account, we have sent it a link to choose a new password. The
          link works once.
        </Alert>
        <Text fz="sm" c="dimmed">
          Nothing arrived after a few minutes? Check your spam folder, or ask your organization's administrator.
        </Text>
        <Anchor component={Link} to="/login" fz="sm">
          Back to sign in
        </Anchor>
      </PublicLayout>
    );
  }

  return (
    <PublicLayout
      title="Forgot your password?"
      subtitle="Enter the email address of your account and we will send you a link to choose a new one."
    >
      <form onSubmit={form.onSubmit((values) => request.mutate(values.email.trim()))} noValidate>
        <Stack>
          <TextInput label="Email address" type="email" autoComplete="email" required data-autofocus {...form.getInputProps('email')} />
          <ErrorAlert error={request.error} shownFields={['email']} />
          <Button type="submit" loading={request.isPending} fullWidth>
            Send the link
          </Button>
          <Anchor component={Link} to="/login" fz="sm" ta="center">
            Back to sign in
          </Anchor>
        </Stack>
      </form>
    </PublicLayout>
  );
}
