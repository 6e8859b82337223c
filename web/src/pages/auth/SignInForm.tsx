import { Anchor, Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { personApi, unwrap } from '../../api/client';
import { sessionChanged } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyFieldErrors } from '../../lib/form-errors';

interface SignInFormProps {
  readonly defaultLogin?: string;
  readonly lockLogin?: boolean;
  readonly submitLabel?: string;
  readonly onSignedIn: () => void;
}

export function SignInForm({ defaultLogin = '', lockLogin = false, submitLabel = 'Sign in', onSignedIn }: SignInFormProps) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { login: defaultLogin, password: '' },
    validate: {
      login: (value) => (value.trim() === '' ? 'Enter your email address or username.' : null),
      password: (value) => (value === '' ? 'Enter your password.' : null),
    },
  });
  const signIn = useMutation({
    mutationFn: (values: { login: string; password: string }) =>
      unwrap(personApi.POST('/api/v1/auth/login', { body: { login: values.login.trim(), password: values.password } })),
    onSuccess: async () => {
      await sessionChanged(queryClient);
      onSignedIn();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  return (
    <form onSubmit={form.onSubmit((values) => signIn.mutate(values))} noValidate>
      <Stack gap="md">
        <TextInput
          label="Email or username"
          autoComplete="username"
          readOnly={lockLogin}
          required
          data-autofocus={lockLogin ? undefined : true}
          {...form.getInputProps('login')}
        />
        <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
        <ErrorAlert error={signIn.error} title="Could not sign in" shownFields={['login', 'password']} />
        <Group justify="space-between" align="center">
          <Anchor component={Link} to="/forgot-password" fz="sm">
            Forgot your password?
          </Anchor>
          <Button type="submit" loading={signIn.isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
