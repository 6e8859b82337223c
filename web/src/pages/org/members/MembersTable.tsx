import { Badge, Checkbox, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import type { Member, MemberStatus } from '../../../api/types';
import { formatDate, formatDateTime, formatRelative } from '../../../lib/format';
import { type OrgRole, roleLabel } from '../../../lib/roles';
import { DeliveryCell, PersonCell, WhenBy } from './cells';
import { EmailHistory } from './EmailHistory';
import { MemberDialogs } from './MemberDialogs';
import { RequestDecision } from './RequestDecision';
import { RowActions } from './RowActions';
import { STATUS_LABELS } from './StatusGlossary';
import type { MemberAction } from './use-member-actions';
import { SOURCE_LABELS } from './use-members';

interface Column {
  readonly header: string;
  readonly cell: (member: Member) => ReactNode;
}

const person: Column = { header: 'Person', cell: (m) => <PersonCell member={m} /> };
const role: Column = {
  header: 'Role',
  cell: (m) => (
    <Badge variant="outline" color="gray">
      {roleLabel(m.role)}
    </Badge>
  ),
};
const invited: Column = { header: 'Invited', cell: (m) => <WhenBy at={m.invitedAt} by={m.invitedBy} /> };
/** How they came in: the way, and which link or file. */
const wayIn: Column = {
  header: 'Way in',
  cell: (m) => (
    <Stack gap={0} data-testid="way-in">
      <Text fz="sm">{SOURCE_LABELS[m.source.kind]}</Text>
      {m.source.label ? (
        <Text fz="xs" c="dimmed" className="text-break">
          {m.source.label}
        </Text>
      ) : null}
    </Stack>
  ),
};
const delivery: Column = { header: 'Last email', cell: (m) => <DeliveryCell email={m.lastEmail} /> };

function expiry(member: Member): ReactNode {
  const at = member.invitation?.expiresAt ?? null;
  if (!at)
    return (
      <Text fz="sm" c="dimmed">
        Never
      </Text>
    );
  return (
    <Stack gap={0}>
      <Tooltip label={formatDateTime(at)}>
        <Text fz="sm" w="fit-content">
          {formatDate(at)}
        </Text>
      </Tooltip>
      <Text fz="xs" c="dimmed">
        {formatRelative(at)}
      </Text>
    </Stack>
  );
}

/** Each tab shows what matters for that status. */
const COLUMNS: Record<MemberStatus, Column[]> = {
  pending: [
    { header: 'Email address', cell: (m) => <PersonCell member={m} /> },
    role,
    invited,
    { header: 'Reminded', cell: (m) => <WhenBy at={m.remindedAt} by={m.remindedBy} /> },
    { header: 'Expires', cell: expiry },
    wayIn,
    delivery,
  ],
  requested: [
    { header: 'Email address', cell: (m) => <PersonCell member={m} /> },
    { header: 'Asked', cell: (m) => <WhenBy at={m.invitedAt} /> },
    wayIn,
    { header: 'Decision', cell: (m) => <RequestDecision member={m} /> },
  ],
  active: [person, role, { header: 'Joined', cell: (m) => <WhenBy at={m.activatedAt} /> }, invited, wayIn, delivery],
  cancelled: [{ header: 'Email address', cell: (m) => <PersonCell member={m} /> }, role, invited, delivery],
  expired: [
    { header: 'Email address', cell: (m) => <PersonCell member={m} /> },
    role,
    invited,
    { header: 'Expired', cell: (m) => <Text fz="sm">{formatDate(m.invitation?.expiresAt)}</Text> },
    delivery,
  ],
  removed: [
    person,
    role,
    { header: 'Removed', cell: (m) => <WhenBy at={m.removedAt} /> },
    { header: 'Joined', cell: (m) => <WhenBy at={m.activatedAt} /> },
  ],
};

interface Props {
  readonly orgId: string;
  readonly myRole: OrgRole;
  readonly status: MemberStatus;
  readonly members: readonly Member[];
  /** Row selection for bulk actions; absent on tabs without any. */
  readonly selection?: {
    readonly selected: ReadonlySet<string>;
    readonly onSelect: (ids: readonly string[], on: boolean) => void;
  };
}

export function MembersTable({ orgId, myRole, status, members, selection }: Props) {
  const [open, setOpen] = useState<{ member: Member; action: MemberAction } | null>(null);
  const columns = COLUMNS[status];
  const ticked = selection ? members.filter((m) => selection.selected.has(m.id)).length : 0;
  return (
    <>
      <Table.ScrollContainer minWidth={760}>
        <Table striped={false} aria-label={`${STATUS_LABELS[status]} members`} data-testid="members-table">
          <Table.Thead>
            <Table.Tr>
              {selection ? (
                <Table.Th w={40}>
                  <Checkbox
                    aria-label="Select every row of this page"
                    checked={members.length > 0 && ticked === members.length}
                    indeterminate={ticked > 0 && ticked < members.length}
                    onChange={(e) =>
                      selection.onSelect(
                        members.map((m) => m.id),
                        e.currentTarget.checked,
                      )
                    }
                  />
                </Table.Th>
              ) : null}
              {columns.map((column) => (
                <Table.Th key={column.header} fz="xs" tt="uppercase" c="dimmed" fw={600}>
                  {column.header}
                </Table.Th>
              ))}
              <Table.Th w={48}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.map((member) => (
              <Table.Tr
                key={member.id}
                data-email={member.email ?? undefined}
                bg={selection?.selected.has(member.id) ? 'var(--mantine-color-blue-light)' : undefined}
              >
                {selection ? (
                  <Table.Td valign="top">
                    <Checkbox
                      aria-label={`Select ${member.email ?? member.username ?? 'this person'}`}
                      checked={selection.selected.has(member.id)}
                      onChange={(e) => selection.onSelect([member.id], e.currentTarget.checked)}
                    />
                  </Table.Td>
                ) : null}
                {columns.map((column) => (
                  <Table.Td key={column.header} valign="top">
                    {column.cell(member)}
                  </Table.Td>
                ))}
                <Table.Td valign="top">
                  {status === 'requested' ? null : (
                    <RowActions member={member} myRole={myRole} onAction={(action) => setOpen({ member, action })} />
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {open?.action === 'emails' ? (
        <EmailHistory orgId={orgId} member={open.member} onClose={() => setOpen(null)} />
      ) : open ? (
        <MemberDialogs orgId={orgId} myRole={myRole} member={open.member} action={open.action} onClose={() => setOpen(null)} />
      ) : null}
    </>
  );
}
