import { Alert, Button, PasswordInput, Stack, Text, ThemeIcon } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconLinkOff } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { personApi, unwrap } from '../../api/client';
import { ApiError, errorMessage } from '../../api/problem';
import { sessionChanged } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { checkPassword, NewPasswordField, usePasswordRules } from '../../components/PasswordField';
import { PublicLayout } from '../../components/PublicLayout';
import { applyFieldErrors } from '../../lib/form-errors';
import { usePageTitle } from '../../lib/use-page-title';

/** /set-password/{token} (from a set-up email) and /reset-password/{token} (from a reset email). */
export function PasswordTokenPage() {
  usePageTitle('Choose a password');
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const rules = usePasswordRules();
  const link = useQuery({
    queryKey: ['password-token', token],
    queryFn: () => unwrap(personApi.GET('/api/v1/auth/password-tokens/{token}', { params: { path: { token } } })),
  });
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (value) => checkPassword(value, rules.data),
      confirm: (value, values) => (value === values.password ? null : 'The two passwords are not the same.'),
    },
  });
  const save = useMutation({
    mutationFn: (password: string) => unwrap(personApi.POST('/api/v1/auth/password', { body: { token, password } })),
    onSuccess: async () => {
      await sessionChanged(queryClient);
      void navigate('/', { replace: true, state: { notice: 'Your password is saved and you are signed in.' } });
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  if (link.isPending)
    return (
      <PublicLayout>
        <PageLoader label="Checking your link…" />
      </PublicLayout>
    );
  if (link.isError) {
    const gone = link.error instanceof ApiError && (link.error.status === 404 || link.error.status === 410);
    if (!gone) {
      return (
        <PublicLayout title="Something went wrong">
          <ErrorAlert error={link.error} onRetry={() => void link.refetch()} />
        </PublicLayout>
      );
    }
    return (
      <PublicLayout>
        <Stack gap="md" align="center" ta="center" py="sm">
          <ThemeIcon size={56} radius="xl" variant="light" color="orange">
            <IconLinkOff size={28} />
          </ThemeIcon>
          <Text component="h1" fz={22} fw={650} lh={1.3} m={0}>
            This link can no longer be used
          </Text>
          <Text fz="sm" c="dimmed" maw={380}>
            {errorMessage(link.error)} Links to set a password work once and for a limited time.
          </Text>
          <Button component={Link} to="/forgot-password" variant="light">
            Send me a new link
          </Button>
        </Stack>
      </PublicLayout>
    );
  }

  const who = link.data.email ?? link.data.username ?? '';
  const setup = link.data.purpose === 'setup';
  return (
    <PublicLayout
      title={setup ? `Welcome, ${link.data.firstName}` : 'Choose a new password'}
      subtitle={setup ? 'Your account is ready. Choose a password to sign in.' : `For the account ${who}.`}
    >
      <form onSubmit={form.onSubmit((values) => save.mutate(values.password))} noValidate>
        <Stack>
          {setup && who ? (
            <Alert variant="light" color="gray">
              You will sign in as <strong>{who}</strong>.
            </Alert>
          ) : null}
          <input type="text" name="username" autoComplete="username" value={who} readOnly hidden />
          <NewPasswordField label="New password" data-autofocus {...form.getInputProps('password')} />
          <PasswordInput label="Repeat the password" autoComplete="new-password" required {...form.getInputProps('confirm')} />
          <ErrorAlert error={save.error} shownFields={['password']} />
          <Button type="submit" loading={save.isPending} fullWidth>
            Save password and sign in
          </Button>
        </Stack>
      </form>
    </PublicLayout>
  );
}
