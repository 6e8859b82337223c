import { useQuery } from '@tanstack/react-query';
import { currentApi, unwrap } from '../../../api/client';

export const memberKey = (orgId: string, memberId: string) => ['member', orgId, memberId] as const;

export function useMember(orgId: string, memberId: string) {
  return useQuery({
    queryKey: memberKey(orgId, memberId),
    queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}/members/{memberId}', { params: { path: { orgId, memberId } } })),
  });
}

/** A person's teams (within the caller's branch), their role in each, and whether it was given there. */
export function usePersonTeams(orgId: string, memberId: string) {
  return useQuery({
    queryKey: ['member-teams', orgId, memberId],
    queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}/members/{memberId}/teams', { params: { path: { orgId, memberId } } })),
  });
}
