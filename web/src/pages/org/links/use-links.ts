import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { currentApi, unwrap } from '../../../api/client';
import type { BodyFor, ResponseOf } from '../../../api/types';

export type InviteLink = ResponseOf<'/api/v1/orgs/{orgId}/invite-links', 'get'>['items'][number];
export type NewLink = BodyFor<'/api/v1/orgs/{orgId}/invite-links', 'post'>;
type LinkChange = BodyFor<'/api/v1/orgs/{orgId}/invite-links/{linkId}', 'patch'>;

const linksKey = (orgId: string) => ['invite-links', orgId] as const;

export function useLinks(orgId: string) {
  return useQuery({
    queryKey: linksKey(orgId),
    queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}/invite-links', { params: { path: { orgId } } })),
  });
}

/** Create, change and rotate, each refreshing the list when done. */
export function useLinkActions(orgId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: linksKey(orgId) });
  const create = useMutation({
    mutationFn: (body: NewLink) => unwrap(currentApi().POST('/api/v1/orgs/{orgId}/invite-links', { params: { path: { orgId } }, body })),
    onSuccess: refresh,
  });
  const change = useMutation({
    mutationFn: ({ linkId, body }: { linkId: string; body: LinkChange }) =>
      unwrap(currentApi().PATCH('/api/v1/orgs/{orgId}/invite-links/{linkId}', { params: { path: { orgId, linkId } }, body })),
    onSuccess: refresh,
  });
  const rotate = useMutation({
    mutationFn: (linkId: string) =>
      unwrap(currentApi().POST('/api/v1/orgs/{orgId}/invite-links/{linkId}/rotate', { params: { path: { orgId, linkId } } })),
    onSuccess: refresh,
  });
  return { create, change, rotate };
}
