import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { currentApi, unwrap } from '../../../api/client';
import type { BodyFor, ResponseOf } from '../../../api/types';
import { orgKey } from '../org-context';
import { type MembersView, membersKey } from './use-members';

export type BulkOperation = ResponseOf<'/api/v1/orgs/{orgId}/members/bulk/{operationId}', 'get'>;
export type BulkRequest = BodyFor<'/api/v1/orgs/{orgId}/members/bulk', 'post'>;
export type BulkActionName = BulkRequest['action'];

/** What each action is called, in buttons and in the progress line. */
export const BULK_LABELS: Record<BulkActionName, { button: string; doing: string; done: string }> = {
  resend: { button: 'Resend', doing: 'Resending invitations', done: 'invitations sent again' },
  cancel: { button: 'Cancel invitations', doing: 'Cancelling invitations', done: 'invitations cancelled' },
  remove: { button: 'Remove', doing: 'Removing people', done: 'people removed' },
  change_role: { button: 'Change role', doing: 'Changing roles', done: 'roles changed' },
  add_to_team: { button: 'Add to team', doing: 'Adding people to the team', done: 'people added to the team' },
};

/** The members view's filter, as the bulk action takes it (the page's cursor and sort play no part). */
export function bulkFilterOf(view: MembersView): NonNullable<BulkRequest['filter']> {
  return {
    status: view.status,
    ...(view.q.trim() ? { q: view.q.trim() } : {}),
    ...(view.role ? { role: view.role } : {}),
    ...(view.team ? { team: view.team } : {}),
    ...(view.source ? { source: view.source } : {}),
  };
}

export function useStartBulk(orgId: string) {
  return useMutation({
    mutationFn: (body: BulkRequest) =>
      unwrap(currentApi().POST('/api/v1/orgs/{orgId}/members/bulk', { params: { path: { orgId } }, body })),
  });
}

const finished = (operation: BulkOperation | undefined): boolean => operation?.status === 'done' || operation?.status === 'failed';

/** Polls a bulk action each second until it is over, then refreshes the list and the seat count. */
export function useBulkOperation(orgId: string, operationId: string | null) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ['bulk', orgId, operationId],
    enabled: operationId !== null,
    queryFn: () =>
      unwrap(
        currentApi().GET('/api/v1/orgs/{orgId}/members/bulk/{operationId}', {
          params: { path: { orgId, operationId: operationId ?? '' } },
        }),
      ),
    refetchInterval: (q) => (finished(q.state.data) ? false : 1000),
  });
  const over = finished(query.data);
  useEffect(() => {
    if (!over) return;
    void queryClient.invalidateQueries({ queryKey: membersKey(orgId) });
    void queryClient.invalidateQueries({ queryKey: orgKey(orgId) });
  }, [over, orgId, queryClient]);
  return query;
}
