import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { currentApi, unwrap } from '../../../api/client';
import type { BodyFor } from '../../../api/types';

export const licensesKey = (orgId: string) => ['licenses', orgId] as const;

export function useLicenses(orgId: string, enabled = true) {
  return useQuery({
    queryKey: licensesKey(orgId),
    enabled,
    queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}/licenses', { params: { path: { orgId } } })),
  });
}

type NewAddOn = BodyFor<'/api/v1/orgs/{orgId}/licenses/add-ons', 'post'>;
type AddOnChanges = BodyFor<'/api/v1/orgs/{orgId}/licenses/add-ons/{addOnId}', 'patch'>;

/** The operator sells add-ons and changes their totals. */
export function useAddOnMutations(orgId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: licensesKey(orgId) });
  return {
    create: useMutation({
      mutationFn: (body: NewAddOn) =>
        unwrap(currentApi().POST('/api/v1/orgs/{orgId}/licenses/add-ons', { params: { path: { orgId } }, body })),
      onSuccess: async (addOn) => {
        notifications.show({ color: 'teal', message: `${addOn.name}: ${addOn.total} licenses created.` });
        await refresh();
      },
    }),
    update: useMutation({
      mutationFn: ({ addOnId, changes }: { addOnId: string; changes: AddOnChanges }) =>
        unwrap(
          currentApi().PATCH('/api/v1/orgs/{orgId}/licenses/add-ons/{addOnId}', { params: { path: { orgId, addOnId } }, body: changes }),
        ),
      onSuccess: async (addOn) => {
        notifications.show({ color: 'teal', message: `${addOn.name} now has ${addOn.total} licenses.` });
        await refresh();
      },
    }),
  };
}
