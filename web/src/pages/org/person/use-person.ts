import { useQueries, useQuery } from '@tanstack/react-query';
import { currentApi, unwrap } from '../../../api/client';
import type { Team, TeamRole } from '../../../api/types';
import { teamMembersKey, useTeams } from '../teams/use-teams';

export const memberKey = (orgId: string, memberId: string) => ['member', orgId, memberId] as const;

export function useMember(orgId: string, memberId: string) {
  return useQuery({
    queryKey: memberKey(orgId, memberId),
    queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}/members/{memberId}', { params: { path: { orgId, memberId } } })),
  });
}

export interface PersonTeam {
  readonly team: Team;
  readonly role: TeamRole;
  readonly direct: boolean;
}

/**
 * A person's teams. Roster has no "teams of a member" call yet, so each team's people are read
 * (the same queries as the team panel, so they are shared in the cache).
 */
export function usePersonTeams(orgId: string, memberId: string) {
  const teams = useTeams(orgId);
  const items = teams.data?.items ?? [];
  const results = useQueries({
    queries: items.map((team) => ({
      queryKey: teamMembersKey(orgId, team.id),
      queryFn: () =>
        unwrap(
          currentApi().GET('/api/v1/orgs/{orgId}/teams/{teamId}/members', {
            params: { path: { orgId, teamId: team.id }, query: { limit: 200 } },
          }),
        ),
    })),
  });
  const found: PersonTeam[] = [];
  items.forEach((team, index) => {
    for (const entry of results[index]?.data?.items ?? []) {
      if (entry.memberId === memberId) found.push({ team, role: entry.role, direct: entry.direct });
    }
  });
  return {
    isPending: teams.isPending || results.some((result) => result.isPending),
    error: teams.error ?? results.find((result) => result.error)?.error ?? null,
    teams: found,
  };
}
