import { Badge, Drawer, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { currentApi, unwrap } from '../../../api/client';
import type { Member } from '../../../api/types';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageLoader } from '../../../components/PageLoader';
import { emailKindLabel } from '../../../lib/email-kinds';
import { formatDateTime } from '../../../lib/format';
import { memberLabel } from './cells';

const COLORS: Record<string, string> = { queued: 'gray', sent: 'teal', failed: 'red' };

/** every email sent to a member and what became of it, so "I never got it" has an answer. */
export function EmailHistory({ orgId, member, onClose }: { orgId: string; member: Member; onClose: () => void }) {
  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size="lg"
      title={`Emails to ${memberLabel(member)}`}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <EmailList orgId={orgId} memberId={member.id} />
    </Drawer>
  );
}

/** The emails sent to one member, newest first, with their delivery. */
export function EmailList({ orgId, memberId }: { orgId: string; memberId: string }) {
  const emails = useQuery({
    queryKey: ['member-emails', orgId, memberId],
    queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}/members/{memberId}/emails', { params: { path: { orgId, memberId } } })),
  });
  return emails.isPending ? (
    <PageLoader />
  ) : emails.isError ? (
    <ErrorAlert error={emails.error} title="Could not load the emails" onRetry={() => void emails.refetch()} />
  ) : emails.data.items.length === 0 ? (
    <Text c="dimmed">No email has been sent to this person.</Text>
  ) : (
    <Table aria-label="Emails sent">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Email</Table.Th>
          <Table.Th>Delivery</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {emails.data.items.map((email) => (
          <Table.Tr key={email.id}>
            <Table.Td valign="top">
              <Stack gap={2}>
                <Text fz="sm" fw={500}>
                  {email.subject}
                </Text>
                <Text fz="xs" c="dimmed">
                  {emailKindLabel(email.kind)} · {formatDateTime(email.createdAt)}
                </Text>
              </Stack>
            </Table.Td>
            <Table.Td valign="top">
              <Stack gap={2}>
                <Badge color={COLORS[email.status] ?? 'gray'} variant="light">
                  {email.status}
                </Badge>
                <Text fz="xs" c={email.status === 'failed' ? 'red.8' : 'dimmed'}>
                  {email.status === 'sent'
                    ? formatDateTime(email.sentAt)
                    : email.lastError
                      ? `${email.lastError} (${email.attempts} ${email.attempts === 1 ? 'attempt' : 'attempts'})`
                      : 'Waiting to be sent'}
                </Text>
              </Stack>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
