import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { currentApi, unwrap } from '../../../api/client';
import type { BodyFor, ResponseOf } from '../../../api/types';

export type ApiKey = ResponseOf<'/api/v1/orgs/{orgId}/api-keys', 'get'>['items'][number];
export type NewApiKey = BodyFor<'/api/v1/orgs/{orgId}/api-keys', 'post'>;
export type Endpoint = ResponseOf<'/api/v1/orgs/{orgId}/webhooks', 'get'>['items'][number];
export type NewEndpoint = BodyFor<'/api/v1/orgs/{orgId}/webhooks', 'post'>;
export type Delivery = ResponseOf<'/api/v1/orgs/{orgId}/webhooks/{endpointId}/deliveries', 'get'>['items'][number];

const keysKey = (orgId: string) => ['api-keys', orgId] as const;
const hooksKey = (orgId: string) => ['webhooks', orgId] as const;

export function useApiKeys(orgId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: keysKey(orgId) });
  return {
    list: useQuery({
      queryKey: keysKey(orgId),
      queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}/api-keys', { params: { path: { orgId } } })),
    }),
    create: useMutation({
      mutationFn: (body: NewApiKey) => unwrap(currentApi().POST('/api/v1/orgs/{orgId}/api-keys', { params: { path: { orgId } }, body })),
      onSuccess: refresh,
    }),
    revoke: useMutation({
      mutationFn: (keyId: string) =>
        unwrap(currentApi().DELETE('/api/v1/orgs/{orgId}/api-keys/{keyId}', { params: { path: { orgId, keyId } } })),
      onSuccess: refresh,
    }),
  };
}

export function useWebhooks(orgId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: hooksKey(orgId) });
  const path = (endpointId: string) => ({ params: { path: { orgId, endpointId } } });
  return {
    list: useQuery({
      queryKey: hooksKey(orgId),
      queryFn: () => unwrap(currentApi().GET('/api/v1/orgs/{orgId}/webhooks', { params: { path: { orgId } } })),
    }),
    create: useMutation({
      mutationFn: (body: NewEndpoint) => unwrap(currentApi().POST('/api/v1/orgs/{orgId}/webhooks', { params: { path: { orgId } }, body })),
      onSuccess: refresh,
    }),
    rotate: useMutation({
      mutationFn: (endpointId: string) =>
        unwrap(currentApi().POST('/api/v1/orgs/{orgId}/webhooks/{endpointId}/rotate-secret', path(endpointId))),
      onSuccess: refresh,
    }),
    test: useMutation({
      mutationFn: (endpointId: string) => unwrap(currentApi().POST('/api/v1/orgs/{orgId}/webhooks/{endpointId}/test', path(endpointId))),
      onSuccess: refresh,
    }),
    setEnabled: useMutation({
      mutationFn: ({ endpointId, enabled }: { endpointId: string; enabled: boolean }) =>
        unwrap(currentApi().PATCH('/api/v1/orgs/{orgId}/webhooks/{endpointId}', { ...path(endpointId), body: { enabled } })),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (endpointId: string) => unwrap(currentApi().DELETE('/api/v1/orgs/{orgId}/webhooks/{endpointId}', path(endpointId))),
      onSuccess: refresh,
    }),
  };
}

export function useDeliveries(orgId: string, endpointId: string | null) {
  const queryClient = useQueryClient();
  const key = ['webhook-deliveries', orgId, endpointId] as const;
  return {
    list: useQuery({
      queryKey: key,
      enabled: endpointId !== null,
      // Deliveries go out in the background: the log follows them while it is open.
      refetchInterval: 3000,
      queryFn: () =>
        unwrap(
          currentApi().GET('/api/v1/orgs/{orgId}/webhooks/{endpointId}/deliveries', {
            params: { path: { orgId, endpointId: endpointId ?? '' } },
          }),
        ),
    }),
    redeliver: useMutation({
      mutationFn: (deliveryId: string) =>
        unwrap(
          currentApi().POST('/api/v1/orgs/{orgId}/webhooks/{endpointId}/deliveries/{deliveryId}/redeliver', {
            params: { path: { orgId, endpointId: endpointId ?? '', deliveryId } },
          }),
        ),
      onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
    }),
  };
}
