import type { JobHandler } from '../../jobs/worker.js';
import { type DeliverDeps, deliverEndpoint } from './deliver-endpoint.js';

/** The `webhook-deliver` job: everything due for one endpoint (kept here, so the job can be declared wherever jobs are). */
export function webhookDeliverJob(deps: DeliverDeps): JobHandler<'webhook-deliver'> {
  return (payload) => deliverEndpoint(deps, payload.endpointId);
}
