import { RATE_RULES } from '../../src/features/auth/rate-limit.js';
import { type BenchResponse, expectStatus } from '../client.js';
import { type Context, createPaidOrg } from '../fixtures.js';
import { now, runPool, type Summary, summarize } from '../measure.js';

export interface InviteRun {
  readonly summary: Summary;
  readonly addressesPerRequest: number;
  /** Organizations the requests were spread over (the per-inviter rate limit is per organization). */
  readonly orgIds: readonly string[];
}

/** One POST of `emails` as the operator. */
const invite = (context: Context, orgId: string, emails: readonly string[]): Promise<BenchResponse> =>
  context.client.request('POST', `/api/v1/orgs/${orgId}/invitations`, { emails }, { bearer: context.operatorToken });

/**
 * `requests` POSTs of `perRequest` new addresses each, `context.concurrency` in flight.
 * The operator may invite RATE_RULES.invitePerActor.limit addresses per organization and
 * hour, so the requests fill one fresh paid organization after another, in order (or the
 * one given, which must have room for them all).
 */
export async function inviteMany(context: Context, label: string, requests: number, perRequest: number, into?: string): Promise<InviteRun> {
  const perOrg = into ? requests : Math.max(1, Math.floor(RATE_RULES.invitePerActor.limit / perRequest));
  const orgIds: string[] = into ? [into] : [];
  for (let i = orgIds.length; i < Math.ceil(requests / perOrg); i += 1) orgIds.push(await createPaidOrg(context, `${label} ${i + 1}`));
  const summary = await runPool(requests, context.concurrency, async (index) => {
    const orgId = orgIds[Math.floor(index / perOrg)];
    const emails = Array.from({ length: perRequest }, (_, j) => `${label}-${index}-${j}@invitees.bench.test`);
    const response = await invite(context, orgId ?? '', emails);
    expectStatus(response, 200, 'invite');
    const invited = (response.body as { counts: { invited: number } }).counts.invited;
    if (invited !== perRequest) throw new Error(`invite: ${invited} of ${perRequest} invited: ${JSON.stringify(response.body.counts)}`);
  });
  return { summary, addressesPerRequest: perRequest, orgIds };
}

/**
 * Invitations of one address into `big` and into `fresh`, one at a time, alternating (the
 * order swapped at each pair), so that both see the same machine in the same minutes: the
 * figures of a comparison made minutes apart, before and after seeding 200,000 rows, moved
 * with the machine's load by more than the difference measured.
 */
export async function invitePairs(
  context: Context,
  label: string,
  pairs: number,
  big: string,
  fresh: string,
): Promise<{ readonly big: Summary; readonly fresh: Summary }> {
  const samples = { big: [] as number[], fresh: [] as number[] };
  const errors = { big: [] as string[], fresh: [] as string[] };
  const started = now();
  for (let i = 0; i < pairs; i += 1) {
    const order = i % 2 === 0 ? (['big', 'fresh'] as const) : (['fresh', 'big'] as const);
    for (const which of order) {
      const orgId = which === 'big' ? big : fresh;
      const at = now();
      const response = await invite(context, orgId, [`${label}-${which}-${i}@invitees.bench.test`]);
      if (response.status === 200) samples[which].push(now() - at);
      else errors[which].push(`HTTP ${response.status}`);
    }
  }
  const wall = now() - started;
  return { big: summarize(samples.big, wall / 2, errors.big), fresh: summarize(samples.fresh, wall / 2, errors.fresh) };
}
