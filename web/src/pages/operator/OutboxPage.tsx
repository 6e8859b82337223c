import { Badge, Button, Grid, Group, Paper, Select, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { IconMail, IconRefresh } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { operatorApi, unwrap } from '../../api/client';
import type { OutboxItem } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageLoader } from '../../components/PageLoader';
import { EMAIL_KINDS, EMAIL_STATUS_LABELS, emailKindLabel } from '../../lib/email-kinds';
import { formatRelative } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';
import { OutboxMessage } from './OutboxMessage';

const STATUS_COLORS: Record<string, string> = { queued: 'gray', sent: 'teal', failed: 'red' };

/** /operator/outbox: in the embedded mode, mail is caught here instead of being sent. */
export function OutboxPage() {
  usePageTitle('Outbox');
  const { emailId } = useParams();
  const navigate = useNavigate();
  const [to, setTo] = useState('');
  const [kind, setKind] = useState<string | null>(null);
  const [status, setStatus] = useState<'queued' | 'sent' | 'failed' | null>(null);
  const filters = { ...(to.trim() ? { to: to.trim() } : {}), ...(kind ? { kind } : {}), ...(status ? { status } : {}) };
  const outbox = useInfiniteQuery({
    queryKey: ['outbox', filters],
    initialPageParam: null as string | null,
    getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor,
    queryFn: ({ pageParam }) =>
      unwrap(
        operatorApi.GET('/api/v1/outbox', { params: { query: { limit: 50, ...filters, ...(pageParam ? { cursor: pageParam } : {}) } } }),
      ),
    refetchInterval: 5000,
  });
  const items = outbox.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Title order={1} fz={26}>
            Outbox
          </Title>
          <Text c="dimmed" fz="sm">
            No mail server is configured, so every email Roster sends is kept here. Open one to follow its links.
          </Text>
        </Stack>
        <Button
          variant="default"
          leftSection={<IconRefresh size={16} />}
          onClick={() => void outbox.refetch()}
          loading={outbox.isRefetching}
        >
          Refresh
        </Button>
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Filter the outbox">
        <TextInput
          label="Recipient"
          placeholder="name@example.com"
          type="search"
          value={to}
          onChange={(event) => setTo(event.currentTarget.value)}
          w={260}
        />
        <Select
          label="Kind"
          placeholder="Every kind"
          data={EMAIL_KINDS.map((value) => ({ value, label: emailKindLabel(value) }))}
          value={kind}
          onChange={setKind}
          clearable
          w={220}
        />
        <Select
          label="Delivery"
          placeholder="Any state"
          data={Object.entries(EMAIL_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
          value={status}
          onChange={(value) => setStatus(value === 'queued' || value === 'sent' || value === 'failed' ? value : null)}
          clearable
          w={180}
        />
      </Group>
      <Grid gap="lg" align="flex-start">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder radius="lg" shadow="xs">
            {outbox.isPending ? (
              <PageLoader />
            ) : outbox.isError ? (
              <ErrorAlert error={outbox.error} title="Could not load the outbox" onRetry={() => void outbox.refetch()} />
            ) : items.length === 0 ? (
              <Text c="dimmed" ta="center" p="xl">
                No emails yet.
              </Text>
            ) : (
              <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Emails">
                {items.map((item) => (
                  <li key={item.id}>
                    <OutboxRow item={item} selected={item.id === emailId} onOpen={() => navigate(`/operator/outbox/${item.id}`)} />
                  </li>
                ))}
              </Stack>
            )}
            <LoadMore list={outbox} label="Older emails" failure="Could not load older emails" variant="subtle" />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder radius="lg" p="lg" shadow="xs" mih={240}>
            {emailId ? (
              <OutboxMessage id={emailId} />
            ) : (
              <Stack align="center" py={60} gap="xs" c="dimmed">
                <IconMail size={32} />
                <Text fz="sm">Choose an email to see it as its recipient would.</Text>
              </Stack>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function OutboxRow({ item, selected, onOpen }: { item: OutboxItem; selected: boolean; onOpen: () => void }) {
  return (
    <UnstyledButton
      onClick={onOpen}
      aria-current={selected ? 'true' : undefined}
      w="100%"
      px="md"
      py="sm"
      style={{
        borderBottom: '1px solid var(--mantine-color-default-border)',
        background: selected ? 'var(--mantine-color-indigo-light)' : undefined,
        display: 'block',
      }}
      data-testid="outbox-row"
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fz="sm" fw={600} truncate>
          {item.to}
        </Text>
        <Text fz="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatRelative(item.createdAt)}
        </Text>
      </Group>
      <Text fz="sm" truncate>
        {item.subject}
      </Text>
      <Group gap={6} mt={4}>
        <Badge size="xs" variant="light" color="gray">
          {emailKindLabel(item.kind)}
        </Badge>
        <Badge size="xs" variant="light" color={STATUS_COLORS[item.status] ?? 'gray'}>
          {EMAIL_STATUS_LABELS[item.status] ?? item.status}
        </Badge>
      </Group>
    </UnstyledButton>
  );
}
