import { useMutation, useQueryClient } from '@tanstack/react-query';
import { currentApi, unwrap } from '../../../api/client';
import { orgKey } from '../org-context';
import { membersKey } from './use-members';

type Decision = 'approve' | 'decline';
type Target = { memberIds: string[] } | { all: true };

/** Approves or declines requests to join; the members, their counts and the seats are read again after. */
export function useDecideRequests(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ decision, target }: { decision: Decision; target: Target }) =>
      unwrap(
        decision === 'approve'
          ? currentApi().POST('/api/v1/orgs/{orgId}/join-requests/approve', { params: { path: { orgId } }, body: target })
          : currentApi().POST('/api/v1/orgs/{orgId}/join-requests/decline', { params: { path: { orgId } }, body: target }),
      ),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: membersKey(orgId) });
      void queryClient.invalidateQueries({ queryKey: orgKey(orgId) });
    },
  });
}
