import { Button, Group, Select, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { currentApi, unwrap } from '../../../api/client';
import type { Member, TeamRole } from '../../../api/types';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { fullName } from '../../../lib/format';
import { type OrgRole, ROLE_LABELS } from '../../../lib/roles';
import { memberLabel } from '../members/cells';
import { membersKey } from '../members/use-members';
import { useTeamMemberMutations } from './use-teams';

/**
 * Managers place learners; where the team says `can.manage`, user admins also assign managers
 * (a learner made manager is promoted in the same step) and admins user admins too.
 */
export function teamRolesFor(mine: OrgRole, mayManage: boolean): TeamRole[] {
  if (!mayManage) return ['learner'];
  if (mine === 'user_admin') return ['learner', 'manager'];
  return ['learner', 'manager', 'user_admin'];
}

const ROLE_RANK: Record<Member['role'], number> = { learner: 1, manager: 2, user_admin: 3, admin: 4 };

const optionLabel = (member: Member): string => {
  const name = fullName(member.firstName, member.lastName);
  return name ? `${name} (${memberLabel(member)})` : memberLabel(member);
};

/** Picks someone from the members list by name or address, and a role in the team. */
export function AddTeamMember({
  orgId,
  teamId,
  teamName,
  myRole,
  mayManage,
}: {
  orgId: string;
  teamId: string;
  teamName: string;
  myRole: OrgRole;
  mayManage: boolean;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [memberId, setMemberId] = useState<string | null>(null);
  const roles = teamRolesFor(myRole, mayManage);
  const [role, setRole] = useState<TeamRole>('learner');
  const { add } = useTeamMemberMutations(orgId, teamId);
  const found = useQuery({
    queryKey: [...membersKey(orgId), 'pick', q],
    queryFn: () =>
      unwrap(
        currentApi().GET('/api/v1/orgs/{orgId}/members', {
          params: { path: { orgId }, query: { status: 'active', limit: 20, ...(q.trim() ? { q: q.trim() } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const options = (found.data?.items ?? []).map((member) => ({ value: member.id, label: optionLabel(member) }));
  // Kept when picked: the search then reads the option's label and the list moves on.
  const [picked, setPicked] = useState<Member | null>(null);
  // One step (Roster promotes the organization role with the team role): say so before it happens.
  const promotes = picked && role !== 'learner' && ROLE_RANK[picked.role] < ROLE_RANK[role];

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (memberId)
          add.mutate(
            { memberId, role },
            {
              onSuccess: () => {
                setMemberId(null);
                setPicked(null);
                setSearch('');
              },
            },
          );
      }}
    >
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={`Add a person to ${teamName}`}
          placeholder="Search by name or email address"
          searchable
          clearable
          data={options}
          value={memberId}
          onChange={(id) => {
            setMemberId(id);
            setPicked(found.data?.items.find((member) => member.id === id) ?? null);
          }}
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options: all }) => all}
          nothingFoundMessage={found.isFetching ? 'Searching…' : 'No active member matches'}
          style={{ flex: '1 1 260px' }}
        />
        <Select
          label="As"
          data={roles.map((value) => ({ value, label: ROLE_LABELS[value] }))}
          value={role}
          onChange={(value) => value && setRole(value as TeamRole)}
          allowDeselect={false}
          w={160}
        />
        <Button type="submit" variant="light" loading={add.isPending} disabled={!memberId}>
          Add to team
        </Button>
      </Group>
      {promotes ? (
        <Text fz="sm" c="dimmed" mt="xs" data-testid="promotion-note">
          {optionLabel(picked)} is {picked.role === 'learner' ? 'a learner' : `a ${ROLE_LABELS[picked.role]}`} in the organization: this
          also gives them the organization role {ROLE_LABELS[role]}.
        </Text>
      ) : null}
      <ErrorAlert error={add.error} title="The person was not added" />
    </form>
  );
}
