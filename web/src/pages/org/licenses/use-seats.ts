import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { currentApi, unwrap } from '../../../api/client';
import type { BodyFor } from '../../../api/types';
import { licensesKey } from './use-licenses';

export const seatsKey = (orgId: string) => ['seats', orgId] as const;

/** Free seats and the invitations waiting for them, for whoever invites or imports. */
export function useSeatOutlook(orgId: string, enabled = true) {
  return useQuery({
    queryKey: seatsKey(orgId),
    enabled,
    queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}/seats', { params: { path: { orgId } } })),
  });
}

type SeatRequest = BodyFor<'/api/v1/orgs/{orgId}/licenses/seat-requests', 'post'>;

/** Asks the platform operator for more seats. */
export function useSeatRequest(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SeatRequest) =>
      unwrap(currentApi().POST('/api/v1/orgs/{orgId}/licenses/seat-requests', { params: { path: { orgId } }, body })),
    onSuccess: async (answer) => {
      notifications.show({
        color: 'teal',
        message: answer.emailed
          ? `Asked the platform operator for ${answer.seats.toLocaleString()} more seats.`
          : `Your request for ${answer.seats.toLocaleString()} more seats is recorded in the audit log; no operator address is set up to email it.`,
      });
      await queryClient.invalidateQueries({ queryKey: licensesKey(orgId) });
    },
  });
}
