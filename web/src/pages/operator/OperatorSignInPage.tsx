import { Alert, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { isOperatorMode, operatorApi, operatorToken, unwrap } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PublicLayout } from '../../components/PublicLayout';
import { safeNext } from '../../lib/form-errors';
import { usePageTitle } from '../../lib/use-page-title';

/** /operator: the platform operator pastes the token Roster printed at start-up. */
export function OperatorSignInPage() {
  usePageTitle('Operator sign-in');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const next = safeNext(params.get('next')) ?? '/operator/orgs';
  const form = useForm({
    initialValues: { token: '' },
    validate: { token: (value) => (value.trim() === '' ? 'Paste the operator token.' : null) },
  });
  const check = useMutation({
    mutationFn: (token: string) =>
      unwrap(operatorApi.GET('/api/v1/orgs', { params: { query: { limit: 1 } }, headers: { Authorization: `Bearer ${token}` } })),
    onSuccess: (_data, token) => {
      operatorToken.set(token);
      queryClient.clear();
      void navigate(next, { replace: true });
    },
  });

  if (isOperatorMode()) return <Navigate to={next} replace />;
  return (
    <PublicLayout title="Operator sign-in" subtitle="For the people who run this Roster installation.">
      {params.get('expired') ? (
        <Alert color="orange" variant="light" icon={<IconInfoCircle size={20} />}>
          The operator token is no longer valid. Paste the current one.
        </Alert>
      ) : null}
      <form onSubmit={form.onSubmit((values) => check.mutate(values.token.trim()))} noValidate>
        <Stack>
          <PasswordInput
            label="Operator token"
            description="Printed by Roster when it starts, and kept in the data directory (operator-token)."
            autoComplete="off"
            required
            data-autofocus
            {...form.getInputProps('token')}
          />
          <ErrorAlert error={check.error} title="Could not sign in" />
          <Button type="submit" loading={check.isPending} fullWidth>
            Sign in as operator
          </Button>
          <Text fz="xs" c="dimmed">
            The token is kept in this browser tab only, and forgotten when the tab closes.
          </Text>
        </Stack>
      </form>
    </PublicLayout>
  );
}
