import { Anchor, Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconNote } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Member } from '../../../api/types';
import { emailKindLabel } from '../../../lib/email-kinds';
import { formatDateTime, formatRelative, fullName } from '../../../lib/format';

/** Pending (and never-accepted) rows show only the address the organization typed. */
export function PersonCell({ member }: { member: Member }) {
  const name = member.status === 'active' || member.status === 'removed' ? fullName(member.firstName, member.lastName) : '';
  return (
    <Stack gap={0} miw={200}>
      <Group gap={6} wrap="nowrap">
        {/* The person's page: teams, trainings, add-ons and emails. */}
        <Anchor component={Link} to={member.id} fz="sm" fw={name ? 600 : 500} c="inherit" className="text-break">
          {name || memberLabel(member)}
        </Anchor>
        {member.note ? (
          <Tooltip label={member.note}>
            <IconNote size={15} color="var(--mantine-color-gray-6)" aria-label={`Note: ${member.note}`} />
          </Tooltip>
        ) : null}
      </Group>
      {name ? (
        <Text fz="xs" c="dimmed" className="text-break">
          {memberLabel(member)}
        </Text>
      ) : null}
    </Stack>
  );
}

/** A moment, with who did it underneath: "3 days ago · by ada@example.com". */
export function WhenBy({ at, by }: { at: string | null; by?: string | null }) {
  if (!at)
    return (
      <Text fz="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Stack gap={0}>
      <Tooltip label={formatDateTime(at)}>
        <Text fz="sm" w="fit-content">
          {formatRelative(at)}
        </Text>
      </Tooltip>
      {by ? (
        <Text fz="xs" c="dimmed" className="text-break">
          by {by}
        </Text>
      ) : null}
    </Stack>
  );
}

/** the last email's delivery state, so "they never got it" can be answered. */
export function DeliveryCell({ email }: { email: Member['lastEmail'] }) {
  if (!email)
    return (
      <Text fz="sm" c="dimmed">
        —
      </Text>
    );
  // A session's invitation or any kind added later reads as words, never as its code.
  const kind = emailKindLabel(email.kind);
  if (email.status === 'failed') {
    return (
      <Stack gap={2} maw={260}>
        <Badge color="red" variant="light">
          Failed
        </Badge>
        <Text fz="xs" c="red.8" lineClamp={3} title={email.lastError ?? undefined}>
          {kind}: {email.lastError ?? 'the mail server refused it'}
        </Text>
      </Stack>
    );
  }
  const sent = email.status === 'sent';
  return (
    <Stack gap={2}>
      <Badge color={sent ? 'teal' : 'gray'} variant="light">
        {sent ? 'Sent' : 'Queued'}
      </Badge>
      <Text fz="xs" c="dimmed">
        {kind}
        {sent && email.sentAt ? ` · ${formatRelative(email.sentAt)}` : sent ? '' : ' · waiting to be sent'}
      </Text>
    </Stack>
  );
}

/** How a member is named in sentences: the address, or the username of someone without one. */
export const memberLabel = (member: Member): string => member.email ?? member.username ?? 'this member';
