import { Badge, Button, Checkbox, Group, Modal, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
// The server's own catalogue (plain data, no Node imports): the form offers exactly what it accepts.
import { EVENT_TYPES, type EventType } from '../../../../../src/features/audit/event-catalogue';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyFieldErrors } from '../../../lib/form-errors';
import { formatDateTime } from '../../../lib/format';
import { usePageTitle } from '../../../lib/use-page-title';
import { useOrg } from '../org-context';
import { SecretOnce } from './SecretOnce';
import { type Endpoint, useDeliveries, useWebhooks } from './use-integrations';

const DELIVERY_COLORS = { pending: 'yellow', delivered: 'teal', failed: 'red' } as const;

/** where the organization's events are sent, and what happened to each. */
export function WebhooksPage() {
  const { org } = useOrg();
  usePageTitle(`Webhooks · ${org.name}`);
  const hooks = useWebhooks(org.id);
  const [secret, setSecret] = useState<string | null>(null);
  const [logOf, setLogOf] = useState<Endpoint | null>(null);
  const form = useForm({
    initialValues: { url: '', eventTypes: [] as EventType[] },
    validate: {
      url: (v) => (v.trim() ? null : 'Enter the address that receives the events, starting with https://.'),
      eventTypes: (v) => (v.length > 0 ? null : 'Choose at least one event.'),
    },
  });
  const submit = form.onSubmit((v) =>
    hooks.create.mutate(
      { url: v.url.trim(), eventTypes: v.eventTypes },
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
        Webhooks
      </Title>
      <Text c="dimmed" fz="sm">
        Roster sends each event as it happens, signed as Standard Webhooks says, and tries again with growing pauses for a day when the
        receiver fails. See docs/webhooks.md for the events and their contents.
      </Text>
      {secret ? <SecretOnce label="The endpoint's signing secret" secret={secret} onDone={() => setSecret(null)} /> : null}
      <Paper withBorder radius="lg" p="xl" component="form" onSubmit={submit} noValidate aria-label="New endpoint">
        <Stack gap="md">
          <Title order={2} fz={18}>
            New endpoint
          </Title>
          <TextInput label="URL" placeholder="https://hr.example.com/roster-events" required {...form.getInputProps('url')} />
          <Checkbox.Group label="Events" required {...form.getInputProps('eventTypes')}>
            <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs" spacing={6}>
              {EVENT_TYPES.map((type) => (
                <Checkbox key={type} value={type} label={type} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <ErrorAlert error={hooks.create.error} title="The endpoint was not added" shownFields={['url', 'eventTypes']} />
          <Group justify="flex-end">
            <Button type="submit" loading={hooks.create.isPending}>
              Add endpoint
            </Button>
          </Group>
        </Stack>
      </Paper>
      <ErrorAlert error={hooks.list.error ?? hooks.test.error ?? hooks.rotate.error ?? hooks.setEnabled.error ?? hooks.remove.error} />
      <Table.ScrollContainer minWidth={800}>
        <Table verticalSpacing="sm" aria-label="Webhook endpoints">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>URL</Table.Th>
              <Table.Th>Events</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(hooks.list.data?.items ?? []).map((endpoint) => (
              <Table.Tr key={endpoint.id}>
                <Table.Td>
                  <code>{endpoint.url}</code>
                </Table.Td>
                <Table.Td>
                  <Text fz="xs">{endpoint.eventTypes.join(', ')}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={endpoint.status === 'active' ? (endpoint.failingSince ? 'orange' : 'teal') : 'red'} variant="light">
                    {endpoint.status === 'active' && endpoint.failingSince ? 'failing' : endpoint.status}
                  </Badge>
                  <Text fz="xs" c="dimmed">
                    {endpoint.disabledReason ?? (endpoint.pending > 0 ? `${endpoint.pending} waiting` : '')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="xs" variant="light" onClick={() => setLogOf(endpoint)}>
                      Deliveries
                    </Button>
                    {endpoint.status === 'active' ? (
                      <Button size="xs" variant="subtle" onClick={() => hooks.test.mutate(endpoint.id)} loading={hooks.test.isPending}>
                        Send test event
                      </Button>
                    ) : (
                      <Button
                        size="xs"
                        variant="subtle"
                        onClick={() => hooks.setEnabled.mutate({ endpointId: endpoint.id, enabled: true })}
                      >
                        Enable
                      </Button>
                    )}
                    <Button
                      size="xs"
                      variant="subtle"
                      onClick={() => hooks.rotate.mutate(endpoint.id, { onSuccess: (r) => setSecret(r.secret) })}
                    >
                      Rotate secret
                    </Button>
                    <Button size="xs" color="red" variant="subtle" onClick={() => hooks.remove.mutate(endpoint.id)}>
                      Remove
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {hooks.list.data && hooks.list.data.items.length === 0 ? <Text c="dimmed">No endpoints yet.</Text> : null}
      <Modal opened={logOf !== null} onClose={() => setLogOf(null)} title={`Deliveries to ${logOf?.url ?? ''}`} size="xl">
        {logOf ? <DeliveryLog orgId={org.id} endpointId={logOf.id} /> : null}
      </Modal>
    </Stack>
  );
}

function DeliveryLog({ orgId, endpointId }: { readonly orgId: string; readonly endpointId: string }) {
  const log = useDeliveries(orgId, endpointId);
  const items = log.list.data?.items ?? [];
  return (
    <Stack>
      <ErrorAlert error={log.list.error ?? log.redeliver.error} />
      {items.length === 0 && log.list.data ? <Text c="dimmed">Nothing sent yet.</Text> : null}
      <Table verticalSpacing="xs" aria-label="Delivery log">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Event</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Last attempt</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((delivery) => {
            const last = delivery.lastAttempts[0];
            return (
              <Table.Tr key={delivery.id}>
                <Table.Td>
                  {delivery.eventType}
                  <Text fz="xs" c="dimmed">
                    {formatDateTime(delivery.createdAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={DELIVERY_COLORS[delivery.status]} variant="light">
                    {delivery.status}
                  </Badge>
                  <Text fz="xs" c="dimmed">
                    {delivery.attempts} attempt(s)
                  </Text>
                </Table.Td>
                <Table.Td>
                  {last ? (
                    <Text fz="xs">
                      {formatDateTime(last.at)} · {last.statusCode ?? 'no answer'} · {last.durationMs} ms
                      {last.error ? ` · ${last.error}` : ''}
                      {last.responseExcerpt ? ` · “${last.responseExcerpt.slice(0, 120)}”` : ''}
                    </Text>
                  ) : (
                    <Text fz="xs" c="dimmed">
                      Not tried yet
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Button size="xs" variant="subtle" onClick={() => log.redeliver.mutate(delivery.id)}>
                    Send again
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
