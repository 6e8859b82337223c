import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { currentApi, unwrap } from '../../../api/client';
import type { BodyFor, Team, TeamRole } from '../../../api/types';
import { membersKey } from '../members/use-members';

export const teamsKey = (orgId: string) => ['teams', orgId] as const;
export const teamMembersKey = (orgId: string, teamId: string) => ['team-members', orgId, teamId] as const;

type TeamChanges = BodyFor<'/api/v1/orgs/{orgId}/teams/{teamId}', 'patch'>;
type NewTeam = BodyFor<'/api/v1/orgs/{orgId}/teams', 'post'>;

/** The organization's tree, flat and parents first, as Roster sends it. */
export function useTeams(orgId: string) {
  return useQuery({
    queryKey: teamsKey(orgId),
    queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}/teams', { params: { path: { orgId } } })),
  });
}

/** "Sales › EMEA › Paris": how a team is named wherever it is picked. */
export const teamPath = (team: Pick<Team, 'path'>): string => team.path.join(' › ');

/** Options for team selects, in tree order, named by path. */
export const teamOptions = (teams: readonly Team[]) => teams.map((team) => ({ value: team.id, label: teamPath(team) }));

/** The team and every team below it. */
export function branchOf(teams: readonly Team[], teamId: string): Set<string> {
  const branch = new Set([teamId]);
  // Parents come first in the list: one pass collects every descendant.
  for (const team of teams) if (team.parentId && branch.has(team.parentId)) branch.add(team.id);
  return branch;
}

/** Where a team may go: anywhere except itself, the teams below it, and its current parent. */
export function validParents(teams: readonly Team[], team: Team): Team[] {
  const branch = branchOf(teams, team.id);
  return teams.filter((other) => !branch.has(other.id) && other.id !== team.parentId);
}

/** Changes to the tree refresh it and the member lists filtered by team. */
function useRefresh(orgId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: teamsKey(orgId) }),
      queryClient.invalidateQueries({ queryKey: ['team-members', orgId] }),
      queryClient.invalidateQueries({ queryKey: membersKey(orgId) }),
    ]);
}

export function useTeamMutations(orgId: string) {
  const refresh = useRefresh(orgId);
  const done = (message: string) => async () => {
    notifications.show({ color: 'teal', message });
    await refresh();
  };
  return {
    create: useMutation({
      mutationFn: (body: NewTeam) => unwrap(currentApi().POST('/api/v1/orgs/{orgId}/teams', { params: { path: { orgId } }, body })),
      onSuccess: async (team) => done(`Team ${teamPath(team)} created.`)(),
    }),
    update: useMutation({
      mutationFn: ({ teamId, changes }: { teamId: string; changes: TeamChanges }) =>
        unwrap(currentApi().PATCH('/api/v1/orgs/{orgId}/teams/{teamId}', { params: { path: { orgId, teamId } }, body: changes })),
      onSuccess: async (team) => done(`Team ${teamPath(team)} saved.`)(),
    }),
    remove: useMutation({
      mutationFn: (team: Team) =>
        unwrap(currentApi().DELETE('/api/v1/orgs/{orgId}/teams/{teamId}', { params: { path: { orgId, teamId: team.id } } })),
      onSuccess: async (_, team) => done(`Team ${teamPath(team)} deleted.`)(),
    }),
  };
}

/** People shown at a time in a team's panel; more on request. */
export const TEAM_PAGE = 200;

/** A team's people, by address, a page at a time (a team can hold most of a large organization). */
export function useTeamMembers(orgId: string, teamId: string) {
  return useInfiniteQuery({
    queryKey: teamMembersKey(orgId, teamId),
    initialPageParam: null as string | null,
    getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor,
    queryFn: ({ pageParam }) =>
      unwrap(
        currentApi().GET('/api/v1/orgs/{orgId}/teams/{teamId}/members', {
          params: { path: { orgId, teamId }, query: { limit: TEAM_PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
  });
}

export function useTeamMemberMutations(orgId: string, teamId: string) {
  const refresh = useRefresh(orgId);
  return {
    add: useMutation({
      mutationFn: (body: { memberId: string; role: TeamRole }) =>
        unwrap(currentApi().POST('/api/v1/orgs/{orgId}/teams/{teamId}/members', { params: { path: { orgId, teamId } }, body })),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (memberId: string) =>
        unwrap(
          currentApi().DELETE('/api/v1/orgs/{orgId}/teams/{teamId}/members/{memberId}', { params: { path: { orgId, teamId, memberId } } }),
        ),
      onSuccess: refresh,
    }),
  };
}
