import { Alert, Badge, Button, Group, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconBuildingStore, IconMailCheck } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { personApi, unwrap } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { PublicLayout } from '../../components/PublicLayout';
import { applyFieldErrors } from '../../lib/form-errors';
import { usePageTitle } from '../../lib/use-page-title';
import { InvitationGone } from '../invite/InvitationGone';

export type WayInPeek = ResponseOf<'/api/v1/join/{key}', 'get'>;

/** /join/{key}: the public page of a shareable link or of the join page. */
export function JoinWayInPage() {
  const { key = '' } = useParams();
  const wayIn = useQuery({
    queryKey: ['join', key],
    queryFn: () => unwrap(personApi.GET('/api/v1/join/{key}', { params: { path: { key } } })),
    refetchOnWindowFocus: false,
    retry: false,
  });
  usePageTitle(wayIn.data ? `Join ${wayIn.data.orgName}` : 'Join');
  if (wayIn.isPending) {
    return (
      <PublicLayout>
        <PageLoader label="Opening…" />
      </PublicLayout>
    );
  }
  if (wayIn.isError) return <InvitationGone error={wayIn.error} onRetry={() => void wayIn.refetch()} join />;
  return <JoinWayInView peek={wayIn.data} wayKey={key} />;
}

/** What a visitor sees: also the preview on the join page settings (`wayKey` null: nothing is sent). */
export function JoinWayInView({ peek, wayKey }: { peek: WayInPeek; wayKey: string | null }) {
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: (value) => (/^\S+@\S+$/.test(value.trim()) ? null : 'Enter your email address.') },
  });
  const ask = useMutation({
    mutationFn: (email: string) =>
      unwrap(personApi.POST('/api/v1/join/{key}', { params: { path: { key: wayKey ?? '' } }, body: { email } })),
    onError: (error) => applyFieldErrors(form, error),
  });
  const accepted = peek.domains.length > 0 ? peek.domainsText : null;

  if (ask.isSuccess) {
    return (
      <PublicLayout>
        <Stack gap="md" align="center" ta="center" py="sm" data-testid="join-sent">
          <ThemeIcon size={56} radius="xl" variant="light" color="teal">
            <IconMailCheck size={28} />
          </ThemeIcon>
          <Text component="h1" fz={22} fw={650} lh={1.3} m={0}>
            Check your inbox
          </Text>
          <Text fz="sm" c="dimmed" maw={380}>
            {ask.data.message}
          </Text>
          <Text fz="xs" c="dimmed" className="text-break">
            Sent to {form.getValues().email.trim()}. Nothing arrived after a few minutes? Look in your spam folder, or ask again.
          </Text>
          <Button variant="light" onClick={() => ask.reset()}>
            Use another address
          </Button>
        </Stack>
      </PublicLayout>
    );
  }

  return (
    <PublicLayout
      title={`Join ${peek.orgName}`}
      subtitle={
        <Stack gap={6} component="span">
          <Text component="span" fz="sm" c="dimmed">
            Enter your work email address. We will email you a link: following it confirms the address is yours, then you create your
            account (or sign in) and join <strong>{peek.orgName}</strong> as a learner.
          </Text>
          <Group gap="xs" component="span">
            <Badge variant="light" color="indigo" component="span" leftSection={<IconBuildingStore size={12} />}>
              {peek.kind === 'link' ? 'Sign-up link' : 'Join page'}
            </Badge>
            <Text component="span" fz="xs" c="dimmed" data-testid="join-domains">
              {accepted ? `Addresses at ${accepted}.` : 'Any address you can confirm.'}
            </Text>
          </Group>
        </Stack>
      }
    >
      {peek.full ? (
        <Alert color="orange" variant="light" title={`${peek.orgName} is full`} data-testid="join-full">
          {peek.full}
        </Alert>
      ) : (
        <form
          onSubmit={form.onSubmit((values) => {
            if (wayKey) ask.mutate(values.email.trim());
          })}
          noValidate
        >
          <Stack gap="md">
            <TextInput
              label="Email address"
              type="email"
              autoComplete="email"
              inputMode="email"
              placeholder={
                accepted && peek.domains[0] && !peek.domains[0].startsWith('*.') ? `name@${peek.domains[0]}` : 'name@company.com'
              }
              required
              {...form.getInputProps('email')}
            />
            <ErrorAlert error={ask.error} title="Could not send the link" shownFields={['email']} />
            <Button type="submit" size="md" fullWidth loading={ask.isPending} disabled={wayKey === null}>
              Email me a link to join
            </Button>
          </Stack>
        </form>
      )}
    </PublicLayout>
  );
}
