import type { Db } from '../../src/db/client.js';
import type { Roster } from '../../src/roster.js';
import { type BenchClient, expectStatus } from '../client.js';
import { type Context, createPaidOrg } from '../fixtures.js';
import { runPool, type Summary } from '../measure.js';
import { fixed, type Row, ratio, recorder } from '../report.js';
import { seedMembers } from '../seed.js';
import { seedTeams } from '../seed-teams.js';
import { statementsOf } from '../statements.js';
import { acceptAll, collectTokens, measureHashing } from './acceptances.js';
import { inviteMany, invitePairs } from './invitations.js';
import { measureMembers } from './members.js';
import { measureTeams, readOneByOne } from './teams.js';

export interface EverydayPlan {
  /** Invitations of one address per run (per transport and caller count). */
  readonly single: number;
  /** Requests of `batchSize` addresses. */
  readonly batches: number;
  readonly batchSize: number;
  /** Acceptances with 16 callers, then one at a time. */
  readonly accepts: number;
  readonly acceptsOneByOne: number;
  readonly hashes: number;
  /** The big organization. */
  readonly members: number;
  readonly memberRequests: number;
  readonly bigOrgInvites: number;
  readonly teamPeople: number;
  readonly teamApiPeople: number;
  readonly teamReads: number;
  /** Invitations of one address sent before anything is measured (the peer's bench sends as many). */
  readonly warmUp: number;
}

export interface EverydayResult {
  readonly rows: Row[];
  readonly ratios: Record<string, string>;
  /** SQL statements per operation, each run alone; null where not counted (PGlite). */
  readonly statements: Record<string, number | null>;
  readonly seeding: { readonly memberships: number; readonly ms: number; readonly byStatus: Readonly<Record<string, number>> };
}

const MANY = 16;

/**
 * The requests people and integrators make every day, as `--only everyday` runs them: over
 * both transports (in-process inject and real HTTP), at one caller and at sixteen, then the
 * 200,000-member organization's members page, team tree and an invitation into it. No
 * import, no export: minutes, side by side with a peer.
 */
export async function measureEveryday(
  roster: Roster,
  db: Db,
  clients: readonly BenchClient[],
  operatorToken: string,
  plan: EverydayPlan,
  counting: boolean,
  progress: (message: string) => void,
): Promise<EverydayResult> {
  const rows: Row[] = [];
  const record = recorder(rows, progress);
  const ratios: Record<string, string> = {};
  const statements: Record<string, number | null> = {};
  const count = async (name: string, operation: () => Promise<Summary>): Promise<void> => {
    let failure: string | null = null;
    const n = await statementsOf(async () => {
      const summary = await operation();
      if (summary.errors > 0) failure = summary.firstError;
    });
    if (failure) throw new Error(`everyday: ${name}: ${failure}`);
    statements[name] = counting ? n : null;
    progress(`  statements: ${name}: ${counting ? n : 'not counted'}`);
  };
  const first = clients[0];
  if (!first) throw new Error('everyday: no client');
  const one: Context = { client: first, operatorToken, concurrency: 1 };

  // Long enough for V8 to have compiled the hot paths: after 20 invitations the first runs
  // measured code still being compiled (one caller: 232/s over the first 2,000 invitations,
  // 368-386/s over the next ones). The peer's bench warms up by the same count.
  progress(`everyday: warm-up, ${plan.warmUp} invitations and 2 batches`);
  const warm = await inviteMany({ ...one, concurrency: MANY }, 'warm', plan.warmUp, 1);
  await inviteMany({ ...one, concurrency: 2 }, 'warm-batch', 2, plan.batchSize);
  // Caller numbers (addresses) 40,000 and up are the warm-up's and the counts'; the runs count from 0.
  await acceptAll({ ...one, concurrency: MANY }, await collectTokens(db, warm.orgIds[0] ?? '', 4), MANY, 40_010);

  // Statements per operation, each alone on an idle Roster.
  const countOrg = await createPaidOrg(one, 'statements');
  await count('invitation of 1 address', async () => (await inviteMany(one, 'count-one', 1, 1, countOrg)).summary);
  await count(
    `invitation of ${plan.batchSize} addresses`,
    async () => (await inviteMany(one, 'count-batch', 1, plan.batchSize, countOrg)).summary,
  );
  const [countToken] = await collectTokens(db, countOrg, 1);
  await count('acceptance of a new person', () => acceptAll(one, [countToken ?? ''], 1, 40_001));

  const acceptedAtMany: { via: string; perSecond: number; hashesPerSecond: number }[] = [];
  let fresh = Number.NaN;
  let caller = 0;
  for (const client of clients) {
    const via = client.transport;
    for (const callers of [1, MANY]) {
      const context: Context = { client, operatorToken, concurrency: callers };
      progress(`everyday ${via}, ${callers} caller(s): ${plan.single} invitations of 1 address`);
      const single = await inviteMany(context, `one-${via}-${callers}`, plan.single, 1);
      record({ section: `invite ${via}`, name: `1 address, ${callers} caller(s)`, summary: single.summary, itemsPerRequest: 1 });
      if (callers === 1 && via === first.transport) fresh = single.summary.p50Ms;
      const batch = await inviteMany(context, `batch-${via}-${callers}`, plan.batches, plan.batchSize);
      record({
        section: `invite ${via}`,
        name: `${plan.batchSize} addresses, ${callers} caller(s)`,
        summary: batch.summary,
        itemsPerRequest: plan.batchSize,
      });
      const accepts = callers === 1 ? plan.acceptsOneByOne : plan.accepts;
      progress(`everyday ${via}, ${callers} caller(s): ${accepts} acceptances`);
      const tokens = await collectTokens(db, single.orgIds[0] ?? '', accepts);
      const accepted = await acceptAll(context, tokens, callers, caller);
      caller += accepts;
      record({ section: `accept ${via}`, name: `new person, ${callers} caller(s)`, summary: accepted, note: 'with the password hash' });
      // The hash alone at the same concurrency, right after: this machine's speed moved by up
      // to 40 % within one run, so a hash measured minutes apart subtracted the wrong cost.
      if (callers === MANY) {
        const hashes = await measureHashing(plan.hashes, MANY);
        record({ section: `accept ${via}`, name: `argon2id hash alone, ${MANY} at a time, right after`, summary: hashes.parallel });
        acceptedAtMany.push({ via, perSecond: accepted.perSecond, hashesPerSecond: hashes.parallel.perSecond });
      }
    }
  }
  const hashing = await measureHashing(plan.hashes, MANY);
  // Issue 18 judges acceptances without the password hash, measured apart at the same
  // concurrency, right after them, and subtracted: a second per acceptance less a second per hash.
  for (const { via, perSecond, hashesPerSecond } of acceptedAtMany) {
    const without = 1 / (1 / perSecond - 1 / hashesPerSecond);
    ratios[`acceptances/s, ${MANY} callers ${via}, the hash subtracted`] =
      Number.isFinite(without) && without > 0 ? fixed(without, 0) : '-';
  }
  record({ section: 'accept', name: 'argon2id hash alone, 1 at a time', summary: hashing.sequential });
  record({ section: 'accept', name: `argon2id hash alone, ${MANY} at a time`, summary: hashing.parallel });

  progress(`everyday: seeding ${plan.members.toLocaleString('en-US')} memberships`);
  const bigOrg = await createPaidOrg(one, 'members', 1000);
  const seeded = await seedMembers(db, { orgId: bigOrg, total: plan.members });
  const teamsSeed = await seedTeams(db, bigOrg);
  const session = seeded.adminSession;
  for (const client of clients) {
    const via = client.transport;
    progress(`everyday ${via}: members page, one request at a time`);
    const members = await measureMembers(roster, { client, operatorToken, concurrency: 1 }, bigOrg, session, plan.memberRequests, [
      [`team=leaf (${teamsSeed.placed.toLocaleString('en-US')} people)`, `team=${teamsSeed.leafId}`],
      ['team=root (same people, by propagation)', `team=${teamsSeed.rootId}`],
      ['team=leaf & status=active & q=berg', `team=${teamsSeed.leafId}&status=active&q=berg`],
    ]);
    if (!members.available) throw new Error(`everyday: ${members.reason}`);
    record({ section: `members ${via}`, name: 'cursor walk, pages 2-21', summary: members.walk });
    for (const query of members.queries) record({ section: `members ${via}`, name: query.name, summary: query.summary, note: query.note });
    progress(`everyday ${via}: members page, ${MANY} callers`);
    const path = `/api/v1/orgs/${bigOrg}/members`;
    // One unmeasured round first: the requests before went one at a time, over one of the pool's
    // connections. The first 16 at once open the others, and each new server process plans the
    // page's statements and loads its tables' catalog entries: they took 120-225 ms against
    // 30-60 ms once warm, enough of 200 requests to set the p99.
    await runPool(MANY, MANY, async () => {
      expectStatus(await client.request('GET', path, undefined, { session }), 200, 'members page');
    });
    const crowd = await runPool(plan.memberRequests * 2, MANY, async () => {
      expectStatus(await client.request('GET', path, undefined, { session }), 200, 'members page');
    });
    record({ section: `members ${via}`, name: `first page, ${MANY} callers`, summary: crowd });
  }

  progress('everyday: invitations into the big organization');
  await count('invitation of 1 address into the big org', async () => (await inviteMany(one, 'count-big', 1, 1, bigOrg)).summary);
  const pairs = await invitePairs(one, 'pair', plan.bigOrgInvites, bigOrg, await createPaidOrg(one, 'fresh beside big'));
  record({
    section: 'invite',
    name: '1 address into the big org, 1 caller',
    summary: pairs.big,
    itemsPerRequest: 1,
    note: `org of ${plan.members.toLocaleString('en-US')}, alternating with the next row`,
  });
  record({ section: 'invite', name: '1 address into a fresh org, 1 caller', summary: pairs.fresh, itemsPerRequest: 1 });
  ratios['invite p50, big org vs fresh org (alternating)'] = ratio(pairs.big.p50Ms, pairs.fresh.p50Ms);
  ratios['invite p50, big org vs the fresh org measured first'] = ratio(pairs.big.p50Ms, fresh);

  progress('everyday: team tree and a team’s people');
  const teams = await measureTeams(roster, db, one, { people: plan.teamPeople, apiPeople: plan.teamApiPeople, reads: plan.teamReads });
  if (!teams.available) throw new Error(`everyday: ${teams.reason}`);
  for (const m of teams.measurements.filter((m) => m.name.startsWith('GET')))
    record({ section: 'teams', name: m.name, summary: m.summary, note: m.note });
  // A team of half the big organization: its first page must not read the whole team.
  for (const limit of [50, 200]) {
    const name = `GET big org's leaf members, first page of ${limit}`;
    const path = `/api/v1/orgs/${bigOrg}/teams/${teamsSeed.leafId}/members?limit=${limit}`;
    record({
      section: 'teams',
      name,
      summary: await readOneByOne(one, name, path, plan.teamReads),
      note: `${teamsSeed.placed.toLocaleString('en-US')} people in the team, ${plan.members.toLocaleString('en-US')} in the org${limit === 200 ? ' (the web app’s page)' : ''}`,
    });
  }

  return {
    rows,
    ratios,
    statements,
    seeding: { memberships: plan.members, ms: Math.round(seeded.ms), byStatus: seeded.byStatus },
  };
}
