import { Anchor, Badge, Code, Group, List, Paper, ScrollArea, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { operatorApi, unwrap } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { emailKindLabel } from '../../lib/email-kinds';
import { formatDateTime } from '../../lib/format';
import { emailDocument, emailLinks } from './email-frame';

/** One email, as its recipient would see it. */
export function OutboxMessage({ id }: { id: string }) {
  const email = useQuery({
    queryKey: ['outbox-email', id],
    queryFn: () => unwrap(operatorApi.GET('/api/v1/outbox/{emailId}', { params: { path: { emailId: id } } })),
  });
  if (email.isPending) return <PageLoader label="Opening the email…" />;
  if (email.isError) return <ErrorAlert error={email.error} title="Could not open this email" onRetry={() => void email.refetch()} />;

  const message = email.data;
  const links = message.html ? emailLinks(message.html) : [];
  return (
    <Stack gap="md" data-testid="outbox-message">
      <Stack gap={4}>
        <Title order={2} fz="lg" className="text-break">
          {message.subject}
        </Title>
        <Group gap="xs">
          <Text fz="sm">
            To <strong>{message.to}</strong>
          </Text>
          <Badge variant="light" color="gray">
            {emailKindLabel(message.kind)}
          </Badge>
          <Badge variant="light" color={message.status === 'failed' ? 'red' : message.status === 'sent' ? 'teal' : 'gray'}>
            {message.status}
          </Badge>
          <Text fz="xs" c="dimmed">
            {formatDateTime(message.createdAt)}
          </Text>
        </Group>
        {message.lastError ? (
          <Text fz="sm" c="red.8">
            Last attempt failed ({message.attempts} {message.attempts === 1 ? 'attempt' : 'attempts'}): {message.lastError}
          </Text>
        ) : null}
      </Stack>
      <Tabs defaultValue={message.html ? 'html' : 'text'} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="html" disabled={!message.html}>
            As the recipient sees it
          </Tabs.Tab>
          <Tabs.Tab value="text">Plain text</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="html" pt="md">
          <iframe
            title={`Email: ${message.subject}`}
            className="email-frame"
            sandbox="allow-popups allow-popups-to-escape-sandbox"
            srcDoc={emailDocument(message.html ?? '')}
            referrerPolicy="no-referrer"
          />
        </Tabs.Panel>
        <Tabs.Panel value="text" pt="md">
          <Paper withBorder p="md" radius="md">
            <ScrollArea.Autosize mah={560}>
              <Code block style={{ whiteSpace: 'pre-wrap', background: 'transparent' }}>
                {message.text ?? 'The content of this email was not kept.'}
              </Code>
            </ScrollArea.Autosize>
          </Paper>
        </Tabs.Panel>
      </Tabs>
      {links.length > 0 ? (
        <Stack gap={4}>
          <Text fz="sm" fw={600}>
            Links in this email
          </Text>
          <List fz="sm" spacing={4}>
            {links.map((link) => (
              <List.Item key={link.href}>
                <Anchor href={link.href} target="_blank" rel="noopener noreferrer" className="text-break" data-testid="email-link">
                  {link.text}
                </Anchor>{' '}
                <Text span fz="xs" c="dimmed" className="text-break">
                  {link.href}
                </Text>
              </List.Item>
            ))}
          </List>
        </Stack>
      ) : null}
    </Stack>
  );
}
