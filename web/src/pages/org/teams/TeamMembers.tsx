import { ActionIcon, Anchor, Badge, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconUserMinus } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Team } from '../../../api/types';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadMore } from '../../../components/LoadMore';
import { PageLoader } from '../../../components/PageLoader';
import { formatNumber, fullName } from '../../../lib/format';
import { roleLabel } from '../../../lib/roles';
import { STATUS_COLORS, STATUS_LABELS } from '../members/StatusGlossary';
import { useTeamMemberMutations, useTeamMembers } from './use-teams';

/** A learner goes with `addPeople`; a team role only with the right to hand it out (the server's rule). */
const mayTakeOut = (team: Team, role: string, mayGrantUserAdmin: boolean): boolean =>
  role === 'learner' ? team.can.addPeople : team.can.manage && (role === 'manager' || mayGrantUserAdmin);

/** The people of a team: placed here, or come up from a public team below. */
export function TeamMembers({ orgId, team, mayGrantUserAdmin }: { orgId: string; team: Team; mayGrantUserAdmin: boolean }) {
  const members = useTeamMembers(orgId, team.id);
  const { remove } = useTeamMemberMutations(orgId, team.id);

  if (members.isPending) return <PageLoader />;
  if (members.isError) return <ErrorAlert error={members.error} title="Could not load the people" onRetry={() => void members.refetch()} />;
  const people = members.data.pages.flatMap((page) => page.items);
  if (people.length === 0) return <Text c="dimmed">No one is in this team yet.</Text>;
  return (
    <Stack gap="xs">
      {members.hasNextPage ? (
        <Text fz="sm" c="dimmed" data-testid="team-members-shown">
          Showing the first {formatNumber(people.length)} of {formatNumber(team.memberCount)} people, by address.{' '}
          <Anchor component={Link} to={`/orgs/${orgId}/members?team=${team.id}`} fz="sm">
            Search and filter them in the members list
          </Anchor>
        </Text>
      ) : null}
      <ErrorAlert error={remove.error} title="The person was not removed" />
      <Table aria-label={`People in ${team.name}`} data-testid="team-members">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Person</Table.Th>
            <Table.Th>Role here</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th w={48} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {people.map((member) => {
            const who = member.email ?? fullName(member.firstName, member.lastName);
            const name = fullName(member.firstName, member.lastName);
            return (
              <Table.Tr key={`${member.memberId}:${member.role}`} data-email={member.email ?? undefined}>
                <Table.Td>
                  <Text fz="sm" fw={500} component={Link} to={`/orgs/${orgId}/members/${member.memberId}`} className="text-break">
                    {name || who}
                  </Text>
                  {name && member.email ? (
                    <Text fz="xs" c="dimmed" className="text-break">
                      {member.email}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Badge variant="outline" color="gray">
                    {roleLabel(member.role)}
                  </Badge>
                  {member.direct ? null : (
                    <Text fz="xs" c="dimmed">
                      From a team below
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={STATUS_COLORS[member.status]}>
                    {STATUS_LABELS[member.status]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {member.direct && mayTakeOut(team, member.role, mayGrantUserAdmin) ? (
                    <Tooltip label="Remove from team">
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${who} from ${team.name}`}
                        loading={remove.isPending && remove.variables === member.memberId}
                        onClick={() => remove.mutate(member.memberId)}
                      >
                        <IconUserMinus size={16} />
                      </ActionIcon>
                    </Tooltip>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <LoadMore list={members} label="Show more people" failure="Could not load more people" />
    </Stack>
  );
}
