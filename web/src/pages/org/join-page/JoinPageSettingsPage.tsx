import { Anchor, Button, Group, Paper, Select, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { currentApi, unwrap } from '../../../api/client';
import type { BodyFor, ResponseOf } from '../../../api/types';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageLoader } from '../../../components/PageLoader';
import { applyFieldErrors } from '../../../lib/form-errors';
import { usePageTitle } from '../../../lib/use-page-title';
import { JoinWayInView } from '../../join/JoinWayInPage';
import { useOrg } from '../org-context';
import { teamOptions, useTeams } from '../teams/use-teams';

type JoinPage = ResponseOf<'/api/v1/orgs/{orgId}/join-page', 'get'>;
type JoinPageChange = BodyFor<'/api/v1/orgs/{orgId}/join-page', 'patch'>;

const valuesOf = (page: JoinPage) => ({
  enabled: page.enabled,
  slug: page.slug ?? '',
  teamId: page.team?.id ?? null,
  domains: page.domains.join(', '),
  approval: page.mode === 'request',
});

/** the organization's public join page, off by default, with a preview of what visitors see. */
export function JoinPageSettingsPage() {
  const { org } = useOrg();
  usePageTitle(`Join page · ${org.name}`);
  const queryClient = useQueryClient();
  const key = ['join-page', org.id] as const;
  const page = useQuery({
    queryKey: key,
    queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}/join-page', { params: { path: { orgId: org.id } } })),
  });
  const teams = useTeams(org.id);
  const form = useForm({ initialValues: { enabled: false, slug: '', teamId: null as string | null, domains: '', approval: false } });
  const loaded = page.data;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form is filled once per load of the settings.
  useEffect(() => {
    if (loaded) {
      form.setValues(valuesOf(loaded));
      form.resetDirty(valuesOf(loaded));
    }
  }, [loaded]);
  const save = useMutation({
    mutationFn: (body: JoinPageChange) =>
      unwrap(currentApi().PATCH('/api/v1/orgs/{orgId}/join-page', { params: { path: { orgId: org.id } }, body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(key, saved);
      notifications.show({ color: 'teal', message: saved.enabled ? 'The join page is on.' : 'The join page is saved, and off.' });
    },
    onError: (error) => applyFieldErrors(form, error),
  });
  if (page.isPending) return <PageLoader />;
  if (page.isError) return <ErrorAlert error={page.error} onRetry={() => void page.refetch()} />;

  const domains = form.values.domains.split(/[\s,;]+/).filter((d) => d.trim() !== '');
  const submit = form.onSubmit((values) =>
    save.mutate({
      enabled: values.enabled,
      ...(values.slug.trim() ? { slug: values.slug.trim() } : {}),
      teamId: values.teamId,
      domains,
      mode: values.approval ? 'request' : 'join',
    }),
  );
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1} fz={26}>
          Join page
        </Title>
        <Text c="dimmed" fz="sm" maw={640}>
          A public page where people join {org.name} by confirming their email address, without an invitation. Turning it off stops joins at
          once, including links already emailed from it.
        </Text>
      </Stack>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Paper withBorder radius="lg" p="xl" component="form" onSubmit={submit} noValidate>
          <Stack gap="md">
            <Switch label="Let people join from the page" {...form.getInputProps('enabled', { type: 'checkbox' })} />
            <TextInput
              label="Address"
              leftSection={
                <Text fz="xs" c="dimmed" pl="xs">
                  /join/
                </Text>
              }
              leftSectionWidth={52}
              description="3 to 40 lower-case letters, digits and dashes; unique across Roster."
              {...form.getInputProps('slug')}
            />
            {page.data.url ? (
              <Text fz="sm">
                Public address:{' '}
                <Anchor href={page.data.url} target="_blank" className="text-break">
                  {page.data.url}
                </Anchor>
              </Text>
            ) : null}
            <Select
              label="Team"
              description={
                org.requireTeam
                  ? 'People who join are placed in this team (required).'
                  : 'Optional: people who join are placed in this team.'
              }
              data={teamOptions(teams.data?.items ?? [])}
              clearable
              searchable
              {...form.getInputProps('teamId')}
            />
            <TextInput
              label="Allowed email domains"
              description="Optional, e.g. acme.com, *.acme.fr. Empty: any address its owner confirms."
              {...form.getInputProps('domains')}
            />
            <Switch
              label="Ask for approval"
              description="People who confirm their address wait in the Requests tab of Members until someone approves them."
              {...form.getInputProps('approval', { type: 'checkbox' })}
            />
            <ErrorAlert error={save.error} title="The join page was not saved" shownFields={['slug', 'teamId', 'domains']} />
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending}>
                Save
              </Button>
            </Group>
          </Stack>
        </Paper>
        <Stack gap="xs" data-testid="join-page-preview">
          <Text fz="sm" fw={600} c="dimmed">
            Preview: what visitors see
          </Text>
          <Paper withBorder radius="lg" style={{ overflow: 'hidden', pointerEvents: 'none' }} bg="gray.0">
            <JoinWayInView
              peek={{ kind: 'join_page', orgName: org.name, domains, domainsText: domains.join(', '), full: null }}
              wayKey={null}
            />
          </Paper>
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
