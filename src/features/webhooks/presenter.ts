import { iso } from '../../http/schemas.js';
import type { EndpointRecord } from './repository.js';
import type { EndpointViewType } from './schemas.js';

export function presentEndpoint(endpoint: EndpointRecord): EndpointViewType {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    status: endpoint.status,
    disabledReason: endpoint.disabledReason,
    failingSince: iso(endpoint.failingSince),
    nextAttemptAt: iso(endpoint.nextAttemptAt),
    previousSecretValidUntil: iso(endpoint.previousSecretUntil),
    pending: endpoint.pending,
    createdBy: endpoint.createdByLabel,
    createdAt: iso(endpoint.createdAt) ?? '',
  };
}
