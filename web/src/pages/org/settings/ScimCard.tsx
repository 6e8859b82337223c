import { Badge, Button, Code, CopyButton, Group, List, Paper, Skeleton, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { currentApi, unwrap } from '../../../api/client';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { SecretOnce } from '../integrations/SecretOnce';

const scimKey = (orgId: string) => ['scim', orgId] as const;

/** 2xx green, refusals orange, our own failures red. */
const statusColor = (status: number): string => (status < 400 ? 'teal' : status < 500 ? 'orange' : 'red');

/**
 * connecting an identity provider. The base URL, how to set up Okta and Microsoft Entra
 * ID, the provisioning key (an API key with the "scim" scope, shown once when made here), and
 * the last requests the SCIM server answered, so an administrator sees what their provider sent.
 */
export function ScimCard({ orgId }: { readonly orgId: string }) {
  const queryClient = useQueryClient();
  const overview = useQuery({
    queryKey: scimKey(orgId),
    queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}/scim', { params: { path: { orgId } } })),
  });
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        currentApi().POST('/api/v1/orgs/{orgId}/api-keys', {
          params: { path: { orgId } },
          body: { name: 'Identity provider (SCIM)', role: 'admin', scopes: ['scim'] },
        }),
      ),
    onSuccess: (created) => {
      setSecret(created.secret);
      void queryClient.invalidateQueries({ queryKey: scimKey(orgId) });
      void queryClient.invalidateQueries({ queryKey: ['api-keys', orgId] });
    },
  });
  const data = overview.data;
  const baseUrl = data?.baseUrl ?? '';

  return (
    <Paper withBorder radius="lg" p="xl" aria-labelledby="scim-title" component="section">
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2} fz={18} id="scim-title">
            Identity provider (SCIM)
          </Title>
          <Text fz="sm" c="dimmed">
            Okta, Microsoft Entra ID and other identity providers can add people, update them, take them out and keep teams in step with
            their groups. People they add are active members at once and take a seat.
          </Text>
        </Stack>
        <ErrorAlert error={overview.error} title="The provisioning set-up could not be loaded" />

        <Stack gap={4}>
          <Text fw={600} fz="sm">
            SCIM base URL
          </Text>
          <Group gap="xs">
            {/* A placeholder until the address arrives, rather than an empty box to copy. */}
            {overview.isPending ? (
              <Skeleton height={22} width={320} radius="sm" aria-label="Loading the SCIM base URL" />
            ) : (
              <Code data-testid="scim-base-url" fz="sm">
                {baseUrl}
              </Code>
            )}
            <CopyButton value={baseUrl}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy} disabled={!baseUrl}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Stack>

        <Stack gap={6}>
          <Text fw={600} fz="sm">
            Provisioning key
          </Text>
          {data && data.keys.length > 0 ? (
            <List size="sm" spacing={2}>
              {data.keys.map((key) => (
                <List.Item key={key.id}>
                  {key.name} <Code>{key.prefix}…</Code> — created {formatDateTime(key.createdAt)},{' '}
                  {key.lastUsedAt ? `last used ${formatRelative(key.lastUsedAt)}` : 'not used yet'}
                </List.Item>
              ))}
            </List>
          ) : (
            <Text fz="sm" c="dimmed">
              No key with the SCIM scope yet. Create one and give it to your identity provider as its token.
            </Text>
          )}
          {secret ? <SecretOnce label="Your provisioning key" secret={secret} onDone={() => setSecret(null)} /> : null}
          <ErrorAlert error={create.error} title="The key was not created" />
          <Group>
            <Button variant="light" onClick={() => create.mutate()} loading={create.isPending}>
              Create a provisioning key
            </Button>
          </Group>
          <Text fz="xs" c="dimmed">
            Keys are listed, and can be revoked, under API keys. The key acts as an administrator of this organization.
          </Text>
        </Stack>

        <Tabs defaultValue="okta" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="okta">Okta</Tabs.Tab>
            <Tabs.Tab value="entra">Microsoft Entra ID</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="okta" pt="sm">
            <List type="ordered" size="sm" spacing={4}>
              <List.Item>
                In Okta, open Applications, then your Roster app (or create a SCIM 2.0 app), then General: enable SCIM provisioning.
              </List.Item>
              <List.Item>
                Under Provisioning → Integration, set the SCIM connector base URL to <Code>{baseUrl}</Code> and the unique identifier field
                to <Code>userName</Code>.
              </List.Item>
              <List.Item>Tick Push New Users, Push Profile Updates and Push Groups; choose the authentication mode HTTP Header.</List.Item>
              <List.Item>Paste the provisioning key as the Bearer token, then Test Connector Configuration and save.</List.Item>
              <List.Item>Under Provisioning → To App, enable Create Users, Update User Attributes and Deactivate Users.</List.Item>
              <List.Item>Assign people to the app, and under Push Groups push the groups that should be teams here.</List.Item>
            </List>
          </Tabs.Panel>
          <Tabs.Panel value="entra" pt="sm">
            <List type="ordered" size="sm" spacing={4}>
              <List.Item>
                In the Entra admin center, open Enterprise applications, then your Roster app (or a new non-gallery app).
              </List.Item>
              <List.Item>Open Provisioning, choose Get started, and set the provisioning mode to Automatic.</List.Item>
              <List.Item>
                Set the Tenant URL to <Code>{baseUrl}</Code> and the Secret Token to the provisioning key, then Test Connection and save.
              </List.Item>
              <List.Item>
                Keep the default mappings (<Code>userPrincipalName</Code> or <Code>mail</Code> → <Code>userName</Code>; groups by{' '}
                <Code>displayName</Code>).
              </List.Item>
              <List.Item>Under Users and groups, assign who should be provisioned, then turn Provisioning Status on.</List.Item>
            </List>
          </Tabs.Panel>
        </Tabs>

        <Stack gap={6}>
          <Text fw={600} fz="sm">
            Last SCIM requests
          </Text>
          {data && data.requests.length === 0 ? (
            <Text fz="sm" c="dimmed">
              No SCIM requests yet. Once your identity provider connects, each request and its outcome appears here.
            </Text>
          ) : null}
          {data && data.requests.length > 0 ? (
            <Table.ScrollContainer minWidth={640}>
              <Table fz="sm" verticalSpacing={6} aria-label="Last SCIM requests">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>When</Table.Th>
                    <Table.Th>Request</Table.Th>
                    <Table.Th>Outcome</Table.Th>
                    <Table.Th>Key</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.requests.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.at)}</Table.Td>
                      <Table.Td>
                        <Code>
                          {r.method} {r.path}
                        </Code>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap" align="flex-start">
                          <Badge color={statusColor(r.status)} variant="light">
                            {r.status}
                          </Badge>
                          <Text fz="xs" c="dimmed">
                            {[r.scimType, r.detail].filter(Boolean).join(': ') || `${r.durationMs} ms`}
                          </Text>
                        </Group>
                      </Table.Td>
                      <Table.Td>{r.keyName ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : null}
        </Stack>
      </Stack>
    </Paper>
  );
}
