import type { JobHandler } from '../../jobs/define.js';
import { type DeliverDeps, deliverEndpoint } from './deliver-endpoint.js';

/** The `webhook-deliver` job: everything due for one endpoint (kept here, so the job can be declared wherever jobs are). */
export function webhookDeliverJob(deps: DeliverDeps): JobHandler<{ endpointId: string }> {
  return (payload) => deliverEndpoint(deps, payload.endpointId);
}
