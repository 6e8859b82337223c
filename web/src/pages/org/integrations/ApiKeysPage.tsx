import { Badge, Button, Checkbox, Group, MultiSelect, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { currentApi, unwrap } from '../../../api/client';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyFieldErrors } from '../../../lib/form-errors';
import { formatDateTime } from '../../../lib/format';
import { usePageTitle } from '../../../lib/use-page-title';
import { useOrg } from '../org-context';
import { SecretOnce } from './SecretOnce';
import { type ApiKey, useApiKeys } from './use-integrations';

const ROLE_LABELS = {
  admin: 'Admin (whole organization)',
  user_admin: 'User admin of chosen teams',
  manager: 'Team manager of chosen teams',
} as const;
const STATUS_COLORS = { active: 'teal', expired: 'gray', revoked: 'red' } as const;

/** an organization's API keys, for its integrations. */
export function ApiKeysPage() {
  const { org } = useOrg();
  usePageTitle(`API keys · ${org.name}`);
  const keys = useApiKeys(org.id);
  const teams = useQuery({
    queryKey: ['teams', org.id],
    queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}/teams', { params: { path: { orgId: org.id } } })),
  });
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const form = useForm({
    initialValues: { name: '', role: 'admin' as keyof typeof ROLE_LABELS, teamIds: [] as string[], expiresOn: '', scim: false },
    validate: { name: (v) => (v.trim() ? null : 'Name the key after what uses it, e.g. “Workday sync”.') },
  });
  const submit = form.onSubmit((v) =>
    keys.create.mutate(
      {
        name: v.name.trim(),
        role: v.role,
        ...(v.role === 'admin' ? {} : { teamIds: v.teamIds }),
        ...(v.expiresOn ? { expiresAt: new Date(`${v.expiresOn}T23:59:59`).toISOString() } : {}),
        ...(v.scim ? { scopes: ['scim' as const] } : {}),
      },
      {
        onSuccess: (created) => {
          setSecret(created.secret);
          form.reset();
        },
        onError: (error) => applyFieldErrors(form, error),
      },
    ),
  );

  return (
    <Stack gap="lg" maw={1000}>
      <Title order={1} fz={26}>
        API keys
      </Title>
      <Text c="dimmed" fz="sm">
        Integrations call the API with <code>Authorization: Bearer rst_…</code>. A key acts with its role and never above it; revoke it the
        moment it is not needed.
      </Text>
      {secret ? <SecretOnce label="Your new API key" secret={secret} onDone={() => setSecret(null)} /> : null}
      <Paper withBorder radius="lg" p="xl" component="form" onSubmit={submit} noValidate aria-label="New API key">
        <Stack gap="md">
          <Title order={2} fz={18}>
            New key
          </Title>
          <Group grow align="flex-start">
            <TextInput label="Name" required maxLength={100} {...form.getInputProps('name')} />
            <Select
              label="Role"
              allowDeselect={false}
              data={Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))}
              {...form.getInputProps('role')}
            />
            <TextInput label="Expires on (optional)" type="date" {...form.getInputProps('expiresOn')} />
          </Group>
          {form.values.role !== 'admin' ? (
            <MultiSelect
              label="Teams"
              description="The key acts on these teams and every team below them."
              data={(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.path.join(' / ') }))}
              searchable
              {...form.getInputProps('teamIds')}
            />
          ) : null}
          <Checkbox
            label="Also for the SCIM server (provisioning from an HR system)"
            {...form.getInputProps('scim', { type: 'checkbox' })}
          />
          <ErrorAlert error={keys.create.error} title="The key was not created" shownFields={['name', 'role', 'teamIds', 'expiresAt']} />
          <Group justify="flex-end">
            <Button type="submit" loading={keys.create.isPending}>
              Create key
            </Button>
          </Group>
        </Stack>
      </Paper>
      <ErrorAlert error={keys.list.error} />
      <Table.ScrollContainer minWidth={800}>
        <Table verticalSpacing="sm" aria-label="API keys">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Key</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Created by</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(keys.list.data?.items ?? []).map((key) => (
              <Table.Tr key={key.id}>
                <Table.Td>{key.name}</Table.Td>
                <Table.Td>
                  <code>{key.prefix}…</code>
                </Table.Td>
                <Table.Td>
                  {ROLE_LABELS[key.role]}
                  {key.teams.length > 0 ? (
                    <Text fz="xs" c="dimmed">
                      {key.teams.map((team) => team.name).join(', ')}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  {key.createdBy}
                  <Text fz="xs" c="dimmed">
                    {formatDateTime(key.createdAt)}
                  </Text>
                </Table.Td>
                <Table.Td>{key.lastUsedAt ? `${formatDateTime(key.lastUsedAt)} from ${key.lastUsedIp ?? '?'}` : 'Never'}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[key.status]} variant="light">
                    {key.status}
                  </Badge>
                  {key.expiresAt && key.status === 'active' ? (
                    <Text fz="xs" c="dimmed">
                      until {formatDateTime(key.expiresAt)}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  {key.status === 'active' ? (
                    <Button size="xs" color="red" variant="subtle" onClick={() => setRevoking(key)}>
                      Revoke
                    </Button>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {keys.list.data && keys.list.data.items.length === 0 ? <Text c="dimmed">No API keys yet.</Text> : null}
      <ConfirmDialog
        opened={revoking !== null}
        title="Revoke this key?"
        confirmLabel="Revoke key"
        danger
        pending={keys.revoke.isPending}
        error={keys.revoke.error}
        onClose={() => setRevoking(null)}
        onConfirm={() => revoking && keys.revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      >
        “{revoking?.name}” stops working at once, everywhere. This cannot be undone.
      </ConfirmDialog>
    </Stack>
  );
}
