/**
 * `npm run bench [-- --size small|full] [--pg] [--transport http|inject] [--concurrency N]`
 *
 * Drives an in-process Roster over HTTP against PGlite in memory, or against a fresh database
 * on the PostgreSQL server of DATABASE_URL (or --pg), and prints figures and ratios: an
 * aligned table, then one JSON line. It never asserts timings; it exits 1 only when requests
 * fail, so a small run is a smoke test.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../src/config.js';
import { loadConfig } from '../src/config.js';
import { createRoster, type Roster } from '../src/roster.js';
import { type BenchClient, httpClient, injectClient, type Transport } from './client.js';
import { type BenchDatabase, openBenchDatabase } from './database.js';
import { type Context, createPaidOrg } from './fixtures.js';
import { type Summary, summarize } from './measure.js';
import { failedRows, fixed, machine, percent, type Row, ratio, reportFailures, rowJson, table } from './report.js';
import { acceptAll, collectTokens, measureHashing } from './scenarios/acceptances.js';
import { measureEveryday } from './scenarios/everyday.js';
import { measureExports, timeCalls } from './scenarios/exports.js';
import { measureImports } from './scenarios/imports.js';
import { inviteMany, invitePairs } from './scenarios/invitations.js';
import { measureMembers } from './scenarios/members.js';
import { measureScim } from './scenarios/scim.js';
import { measureTeams } from './scenarios/teams.js';
import { measureWebhooks } from './scenarios/webhooks.js';
import { seedMembers } from './seed.js';
import { seedTeams } from './seed-teams.js';
import { countStatements } from './statements.js';

const SIZES = {
  small: {
    single: 50,
    batches: 2,
    batchSize: 500,
    accepts: 20,
    acceptsOneByOne: 5,
    hashes: 5,
    members: 2_000,
    memberRequests: 20,
    bigOrgInvites: 5,
    teamPeople: 1_000,
    teamApiPeople: 200,
    teamReads: 10,
    importRows: 2_000,
    webhookEvents: 500,
    webhookLatency: 20,
    keyRequests: 200,
    everydayPeople: 100,
    warmUp: 20,
    scim: { creates: 300, callers: 8, bigOrg: 2_000, lookups: 50, groups: 10, patchMembers: 200, groupReads: 10 },
  },
  full: {
    single: 1_000,
    batches: 40,
    batchSize: 500,
    accepts: 300,
    acceptsOneByOne: 30,
    hashes: 30,
    members: 200_000,
    memberRequests: 200,
    bigOrgInvites: 200,
    teamPeople: 10_000,
    teamApiPeople: 10_000,
    teamReads: 50,
    importRows: 200_000,
    webhookEvents: 20_000,
    webhookLatency: 200,
    keyRequests: 2_000,
    everydayPeople: 1_000,
    warmUp: 2_000,
    scim: { creates: 10_000, callers: 8, bigOrg: 200_000, lookups: 500, groups: 100, patchMembers: 1_000, groupReads: 50 },
  },
} as const;
type Size = keyof typeof SIZES;
const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/test';
const USAGE =
  'usage: npm run bench -- [--size small|full] [--pg] [--keep] [--transport http|inject] [--concurrency N] [--only imports|exports|webhooks|everyday|scim]';

const ONLY = ['imports', 'exports', 'webhooks', 'everyday', 'scim'] as const;
type Only = (typeof ONLY)[number];
const isOnly = (value: string | undefined): value is Only => (ONLY as readonly (string | undefined)[]).includes(value);

interface Args {
  readonly size: Size;
  /** Null: PGlite in memory. */
  readonly serverUrl: string | null;
  readonly transport: Transport;
  readonly concurrency: number;
  /** PostgreSQL: leave the database behind for EXPLAIN and the like. */
  readonly keep: boolean;
  /**
   * One section alone: imports or exports (each starts its own Roster process and takes minutes at full size), webhooks and
   * API keys, or everyday (invitations, acceptances, the big organization's members page and team tree, over both transports
   * at 1 and 16 callers, with the SQL statements each operation sends), or scim (issue 15's figures).
   */
  readonly only: Only | null;
}

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): Args {
  const values = new Map<string, string>();
  let pg = false;
  let keep = false;
  let only: Args['only'] = null;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--pg') pg = true;
    else if (arg === '--keep') keep = true;
    else if (arg === '--only' && isOnly(argv[i + 1])) {
      only = argv[i + 1] as Only;
      i += 1;
    } else if (/^--(size|transport|concurrency)=/.test(arg)) values.set(arg.slice(2, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1));
    else if (/^--(size|transport|concurrency)$/.test(arg) && argv[i + 1] !== undefined) {
      values.set(arg.slice(2), argv[i + 1] ?? '');
      i += 1;
    } else throw new Error(`unknown argument "${arg}"\n${USAGE}`);
  }
  const size = values.get('size') ?? env.BENCH_SIZE ?? 'full';
  if (size !== 'small' && size !== 'full') throw new Error(`--size must be small or full, got "${size}"\n${USAGE}`);
  const transport = values.get('transport') ?? 'http';
  if (transport !== 'http' && transport !== 'inject') throw new Error(`--transport must be http or inject, got "${transport}"`);
  const concurrency = Number(values.get('concurrency') ?? 4);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new Error('--concurrency must be a whole number from 1 to 64');
  const serverUrl = env.DATABASE_URL?.trim() || (pg ? DEFAULT_SERVER : null);
  return { size, serverUrl, transport, concurrency, keep, only };
}

const progress = (message: string): void => {
  process.stderr.write(`· ${message}\n`);
};

async function importSection(args: Args, bench: BenchDatabase, rows: Row[], ratios: Record<string, string>): Promise<void> {
  const count = SIZES[args.size].importRows;
  const figures = await measureImports(bench.database, bench.url, count, progress);
  const n = count.toLocaleString('en-US');
  const once = (seconds: number): Summary => summarize([seconds * 1000], seconds * 1000);
  rows.push({
    section: 'import',
    name: `preview ${n} rows, CSV`,
    summary: once(figures.previewCsvS),
    itemsPerRequest: count,
    note: `${fixed(figures.csvMiB, 1)} MiB upload → every row classified`,
  });
  rows.push({
    section: 'import',
    name: `commit ${n} rows`,
    summary: once(figures.commitS),
    itemsPerRequest: count,
    note: `invitations, memberships, teams, audit, ${figures.emailsQueued === null ? 'the' : figures.emailsQueued.toLocaleString('en-US')} emails queued: ${JSON.stringify(figures.results)}`,
  });
  if (figures.mail) {
    rows.push({
      section: 'import',
      name: `every email of the commit sent`,
      summary: once(figures.mail.allSentS),
      itemsPerRequest: figures.emailsQueued ?? count,
      note: `seconds from confirming; ${figures.mail.sentByCommitEnd.toLocaleString('en-US')} had gone when the commit ended (bulk mail yields to it)`,
    });
  }
  rows.push({
    section: 'import',
    name: `preview ${n} rows, XLSX`,
    summary: once(figures.previewXlsxS),
    itemsPerRequest: count,
    note: `${fixed(figures.xlsxMiB, 1)} MiB, streamed`,
  });
  rows.push({
    section: 'import',
    name: `preview ${n} rows, XLSX, shared strings`,
    summary: once(figures.xlsxShared.previewS),
    itemsPerRequest: count,
    note: `${fixed(figures.xlsxShared.mib, 1)} MiB, as Excel saves it: the shared strings are kept in memory while the sheet streams`,
  });
  rows.push({
    section: 'import',
    name: 'other org: members page, no import running',
    summary: figures.otherOrgQuiet,
    note: 'one request at a time',
  });
  rows.push({
    section: 'import',
    name: 'other org: members page during the commit',
    summary: figures.otherOrgDuringCommit,
    note: `one request at a time; the slowest started ${fixed(figures.slowestAtS, 1)} s after confirming`,
  });
  ratios['other org members page p50, during the commit vs quiet'] = ratio(figures.otherOrgDuringCommit.p50Ms, figures.otherOrgQuiet.p50Ms);
  rows.push({
    section: 'import',
    name: `Roster process peak RSS: ${fixed(figures.peakRssMiB, 0)} MiB`,
    summary: null,
    note: `VmHWM: ${fixed(figures.rssAfterPreviewMiB, 0)} MiB after the CSV preview, ${fixed(figures.rssAfterCsvMiB, 0)} MiB after its commit`,
  });
  if (figures.copyS !== null) {
    rows.push({
      section: 'import',
      name: `PostgreSQL COPY of the same ${n} rows`,
      summary: once(figures.copyS),
      itemsPerRequest: count,
      note: 'one plain table, no index',
    });
    ratios['import commit vs plain COPY'] = ratio(figures.commitS, figures.copyS);
  }
}

async function webhooksSection(
  args: Args,
  bench: BenchDatabase,
  roster: Roster,
  config: Config,
  context: Context,
  rows: Row[],
  ratios: Record<string, string>,
) {
  const size = SIZES[args.size];
  const figures = await measureWebhooks(
    roster,
    bench.database,
    config,
    context,
    { events: size.webhookEvents, latencyEvents: size.webhookLatency, requests: size.keyRequests },
    progress,
  );
  rows.push({
    section: 'webhooks',
    name: `${figures.burstEvents.toLocaleString('en-US')} events to one endpoint`,
    summary: figures.burst,
    note: 'local receiver; one after another (per-endpoint order), signed, each attempt recorded (100 a round trip)',
  });
  rows.push({
    section: 'webhooks',
    name: `${figures.burstEvents.toLocaleString('en-US')} events to each of ${figures.fanOutEndpoints} endpoints`,
    summary: figures.fanOut,
    note: 'the same receiver; each endpoint in order, endpoints side by side',
  });
  rows.push({
    section: 'webhooks',
    name: 'change to delivery, one at a time',
    summary: figures.commitToDelivery,
    note: 'from the start of POST …/teams to the event at the receiver; worker woken by the commit',
  });
  rows.push({ section: 'webhooks', name: 'the same requests alone', summary: figures.requestOnly });
  rows.push({ section: 'api keys', name: `GET …/teams with an API key, ${args.concurrency} at a time`, summary: figures.withKey });
  rows.push({ section: 'api keys', name: `GET …/teams with a session, ${args.concurrency} at a time`, summary: figures.withSession });
  ratios['requests/s, API key vs session'] = ratio(figures.withKey.perSecond, figures.withSession.perSecond);
  ratios[`webhook deliveries/s, ${figures.fanOutEndpoints} endpoints vs 1`] = ratio(figures.fanOut.perSecond, figures.burst.perSecond);
}

async function scimSection(args: Args, bench: BenchDatabase, context: Context, rows: Row[], ratios: Record<string, string>) {
  const size = SIZES[args.size].scim;
  const f = await measureScim(bench.database.db, context, size, progress);
  const big = size.bigOrg.toLocaleString('en-US');
  rows.push({
    section: 'scim',
    name: `POST /Users, ${size.callers} callers`,
    summary: f.creates,
    note: 'users/s = req/s (target ≥ 500/s)',
  });
  rows.push({
    section: 'scim',
    name: `GET /Users?filter=userName eq, ${big} members`,
    summary: f.lookup,
    note: 'one at a time (target p99 < 10 ms)',
  });
  rows.push({
    section: 'scim',
    name: `GET /Groups, ${f.groupsListed} groups`,
    summary: f.groupsList,
    note: `members included (one group holds ${f.membersListed.toLocaleString('en-US')}); target < 100 ms`,
  });
  rows.push({ section: 'scim', name: 'GET /Groups?excludedAttributes=members', summary: f.groupsListBare });
  rows.push({ section: 'scim', name: `GET /Users?count=100, first page, ${big} members`, summary: f.usersFirstPage });
  rows.push({
    section: 'scim',
    name: `GET /Users?startIndex=${f.deepIndex.toLocaleString('en-US')}&count=100`,
    summary: f.usersDeepPage,
    note: 'a full sync reads every page: each page’s cost should not grow with where it starts',
  });
  rows.push({
    section: 'scim',
    name: `PATCH /Groups/{id} adding ${size.patchMembers.toLocaleString('en-US')} members`,
    summary: f.patch,
    itemsPerRequest: size.patchMembers,
    note: 'one request, set-based: placements, trainings, audit, events',
  });
  ratios['SCIM users created per second'] = fixed(f.creates.perSecond, 0);
  ratios['SCIM userName lookup p99 ms'] = fixed(f.lookup.p99Ms, 1);
}

async function exportSection(args: Args, bench: BenchDatabase, rows: Row[], ratios: Record<string, string>): Promise<void> {
  const count = SIZES[args.size].members;
  const figures = await measureExports(bench, count, progress, async (server, orgId) => ({
    [`GET …/stats (dashboard), ${count.toLocaleString('en-US')} members`]: await timeCalls(server, `/api/v1/orgs/${orgId}/stats`, 20),
  }));
  const n = count.toLocaleString('en-US');
  for (const d of figures.downloads) {
    rows.push({
      section: 'export',
      name: `users.${d.format}, ${n} members`,
      summary: summarize([d.totalS * 1000], d.totalS * 1000),
      itemsPerRequest: count,
      note:
        `${fixed(d.mib, 1)} MiB streamed, first byte after ${fixed(d.firstByteMs, 0)} ms; CPU: Roster ${fixed(d.rosterCpuS, 2)} s` +
        (d.databaseCpuS === null ? '' : `, PostgreSQL ${fixed(d.databaseCpuS, 2)} s`),
    });
    rows.push({
      section: 'export',
      name: `members page during users.${d.format}`,
      summary: d.pageDuring,
      note: 'same org, one request at a time',
    });
    ratios[`members page p50, during users.${d.format} vs quiet`] = ratio(d.pageDuring.p50Ms, figures.pageQuiet.p50Ms);
    ratios[`users.${d.format}: wall s, Roster CPU s, PostgreSQL CPU s`] =
      `${fixed(d.totalS, 2)}, ${fixed(d.rosterCpuS, 2)}, ${d.databaseCpuS === null ? 'n/a' : fixed(d.databaseCpuS, 2)}`;
  }
  rows.push({ section: 'export', name: 'members page, quiet', summary: figures.pageQuiet, note: 'same org, one request at a time' });
  for (const [name, summary] of Object.entries(figures.extra)) rows.push({ section: 'export', name, summary });
  rows.push({
    section: 'export',
    name: `Roster process peak RSS: ${fixed(figures.peakRssMiB, 0)} MiB`,
    summary: null,
    note: `${fixed(figures.rssStartMiB, 0)} MiB after start; seeding took ${fixed(figures.seedS, 1)} s`,
  });
}

async function measureAll(
  args: Args,
  bench: BenchDatabase,
  roster: Roster,
  config: Config,
  context: Context,
  extraClients: BenchClient[],
): Promise<{
  rows: Row[];
  ratios: Record<string, string>;
  statements?: Record<string, number | null>;
  seeding: { memberships: number; rows: number; ms: number; rowsPerSecond: number; analyzeMs: number; byStatus: Record<string, number> };
  membersAvailable: boolean;
}> {
  const size = SIZES[args.size];
  const db = bench.database.db;
  const rows: Row[] = [];
  const ratios: Record<string, string> = {};
  if (args.only === 'webhooks') {
    await webhooksSection(args, bench, roster, config, context, rows, ratios);
    return {
      rows,
      ratios,
      seeding: { memberships: 0, rows: 0, ms: 0, rowsPerSecond: 0, analyzeMs: 0, byStatus: {} },
      membersAvailable: false,
    };
  }
  if (args.only === 'scim') {
    await scimSection(args, bench, context, rows, ratios);
    return {
      rows,
      ratios,
      seeding: { memberships: 0, rows: 0, ms: 0, rowsPerSecond: 0, analyzeMs: 0, byStatus: {} },
      membersAvailable: false,
    };
  }
  if (args.only === 'everyday') {
    const other = args.transport === 'http' ? injectClient(roster) : await httpClient(roster, 16);
    extraClients.push(other);
    const everyday = await measureEveryday(
      roster,
      db,
      [context.client, other],
      context.operatorToken,
      {
        single: size.single,
        batches: Math.max(1, Math.floor(size.batches / 4)),
        batchSize: size.batchSize,
        accepts: size.accepts,
        acceptsOneByOne: size.acceptsOneByOne,
        hashes: size.hashes,
        members: size.members,
        memberRequests: Math.ceil(size.memberRequests / 2),
        bigOrgInvites: size.bigOrgInvites,
        teamPeople: size.teamPeople,
        teamApiPeople: size.everydayPeople,
        teamReads: size.teamReads,
        warmUp: size.warmUp,
      },
      bench.database.kind === 'postgres',
      progress,
    );
    return {
      rows: everyday.rows,
      ratios: everyday.ratios,
      statements: everyday.statements,
      seeding: { ...everyday.seeding, rows: 0, rowsPerSecond: 0, analyzeMs: 0 },
      membersAvailable: true,
    };
  }
  if (args.only) {
    await (args.only === 'imports' ? importSection : exportSection)(args, bench, rows, ratios);
    return {
      rows,
      ratios,
      seeding: { memberships: 0, rows: 0, ms: 0, rowsPerSecond: 0, analyzeMs: 0, byStatus: {} },
      membersAvailable: false,
    };
  }

  progress('warm-up');
  const warm = await inviteMany(context, 'warm', 10, 1);
  await acceptAll(context, await collectTokens(db, warm.orgIds[0] ?? '', 4), args.concurrency, 100_000);

  progress(`invitations: ${size.single} requests of 1 address`);
  const single = await inviteMany(context, 'one', size.single, 1);
  rows.push({ section: 'invite', name: '1 address per request', summary: single.summary, itemsPerRequest: 1, note: 'fresh paid org' });
  progress(`invitations: ${size.batches} requests of ${size.batchSize} addresses`);
  const batch = await inviteMany(context, 'batch', size.batches, size.batchSize);
  rows.push({
    section: 'invite',
    name: `${size.batchSize} addresses per request`,
    summary: batch.summary,
    itemsPerRequest: size.batchSize,
    note: `${size.batches * size.batchSize} invitations over ${batch.orgIds.length} fresh paid org(s) (rate limit per org)`,
  });
  ratios['invitations/s, batch vs single'] = ratio(batch.summary.perSecond * size.batchSize, single.summary.perSecond);

  progress(`acceptances: ${size.accepts} new people`);
  const tokens = await collectTokens(db, single.orgIds[0] ?? '', size.accepts + size.acceptsOneByOne);
  const accepted = await acceptAll(context, tokens.slice(0, size.accepts), args.concurrency);
  rows.push({
    section: 'accept',
    name: `new person, ${args.concurrency} at a time`,
    summary: accepted,
    note: 'name + password; one caller address each',
  });
  const oneByOne = await acceptAll(context, tokens.slice(size.accepts), 1, size.accepts);
  rows.push({ section: 'accept', name: 'new person, 1 at a time', summary: oneByOne });
  const hashing = await measureHashing(size.hashes, args.concurrency);
  rows.push({ section: 'accept', name: 'argon2id hash alone, 1 at a time', summary: hashing.sequential, note: '19 MiB, 2 passes, 1 lane' });
  rows.push({ section: 'accept', name: `argon2id hash alone, ${args.concurrency} at a time`, summary: hashing.parallel });
  ratios['argon2id share of an acceptance (mean, 1 at a time)'] = percent(hashing.sequential.meanMs, oneByOne.meanMs);
  ratios[`acceptances/s vs hashes/s (${args.concurrency} at a time)`] = percent(accepted.perSecond, hashing.parallel.perSecond);

  progress(`members: seeding ${size.members.toLocaleString('en-US')} memberships`);
  const membersOrg = await createPaidOrg(context, 'members', 1000);
  const seeded = await seedMembers(db, { orgId: membersOrg, total: size.members });
  const seeding = {
    memberships: size.members,
    rows: seeded.rows,
    ms: Math.round(seeded.ms),
    rowsPerSecond: Math.round((seeded.rows * 1000) / seeded.ms),
    analyzeMs: Math.round(seeded.analyzeMs),
    byStatus: seeded.byStatus,
  };
  progress('members: placing half of them in a three-level team branch');
  const teamsSeed = await seedTeams(db, membersOrg);
  progress(`members: ${size.memberRequests} requests per query`);
  const members = await measureMembers(roster, context, membersOrg, seeded.adminSession, size.memberRequests, [
    [`team=leaf (${teamsSeed.placed.toLocaleString('en-US')} people)`, `team=${teamsSeed.leafId}`],
    ['team=root (same people, by propagation)', `team=${teamsSeed.rootId}`],
    ['team=leaf & status=active & q=berg', `team=${teamsSeed.leafId}&status=active&q=berg`],
  ]);
  if (!members.available) {
    rows.push({ section: 'members', name: 'members endpoint not available', summary: null, note: members.reason });
  } else {
    rows.push({ section: 'members', name: 'cursor walk, pages 2-21', summary: members.walk, note: 'following nextCursor, one at a time' });
    for (const query of members.queries) rows.push({ section: 'members', name: query.name, summary: query.summary, note: query.note });
    const first = members.queries[0]?.summary.p50Ms ?? Number.NaN;
    for (const query of members.queries.slice(1)) ratios[`members p50, ${query.name} vs first page`] = ratio(query.summary.p50Ms, first);
  }

  progress(`invitations into the ${size.members.toLocaleString('en-US')}-member org`);
  const pairs = await invitePairs(context, 'pair', size.bigOrgInvites, membersOrg, await createPaidOrg(context, 'fresh beside big'));
  rows.push({
    section: 'invite',
    name: '1 address, into the big org',
    summary: pairs.big,
    itemsPerRequest: 1,
    note: `org of ${size.members} members, alternating with the next row`,
  });
  rows.push({ section: 'invite', name: '1 address, into a fresh org', summary: pairs.fresh, itemsPerRequest: 1 });
  ratios['invite p50, big org vs fresh org (alternating)'] = ratio(pairs.big.p50Ms, pairs.fresh.p50Ms);

  progress(
    `teams: ${size.teamPeople.toLocaleString('en-US')} people six levels deep, directly and ${size.teamApiPeople.toLocaleString('en-US')} through the API`,
  );
  const teams = await measureTeams(roster, db, context, { people: size.teamPeople, apiPeople: size.teamApiPeople, reads: size.teamReads });
  if (!teams.available) {
    rows.push({ section: 'teams', name: 'teams endpoints not available', summary: null, note: teams.reason });
  } else {
    for (const m of teams.measurements) {
      rows.push({
        section: 'teams',
        name: m.name,
        summary: m.summary,
        note: m.note,
        ...(m.itemsPerRequest !== undefined ? { itemsPerRequest: m.itemsPerRequest } : {}),
      });
    }
    ratios['teams: people placed per second, placeInTeams vs API'] = ratio(teams.directPeoplePerSecond, teams.apiPeoplePerSecond);
  }

  await webhooksSection(args, bench, roster, config, context, rows, ratios);

  progress(`imports: ${size.importRows.toLocaleString('en-US')} rows in a separate Roster process`);
  await importSection(args, bench, rows, ratios);
  progress(`exports: ${size.members.toLocaleString('en-US')} members in a separate Roster process`);
  await exportSection(args, bench, rows, ratios);

  return { rows, ratios, seeding, membersAvailable: members.available };
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  progress(
    `size ${args.size}, database ${args.serverUrl ? 'PostgreSQL' : 'PGlite'}, transport ${args.transport}, concurrency ${args.concurrency}`,
  );
  const bench = await openBenchDatabase(args.serverUrl, args.keep);
  if (args.keep && bench.url) progress(`keeping the database: ${bench.url}`);
  let roster: Roster | null = null;
  let client: BenchClient | null = null;
  const extraClients: BenchClient[] = [];
  let closed = false;
  const cleanup = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await client?.close().catch(() => undefined);
    for (const extra of extraClients) await extra.close().catch(() => undefined);
    await roster?.close().catch(() => undefined);
    await bench.drop();
  };
  process.once('SIGINT', () => {
    const exit = (): never => process.exit(130);
    cleanup().then(exit, exit);
  });
  try {
    const operatorToken = randomBytes(32).toString('base64url');
    // Webhooks go to a receiver on this machine; API keys are not rate limited while measured.
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      PUBLIC_URL: 'http://bench.local',
      ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true',
      ROSTER_API_KEY_RATE_LIMIT: '1000000',
    });
    roster = await createRoster({ config, database: bench.database, operatorToken, runJobs: false });
    // The everyday section runs 16 callers whatever --concurrency says: as many sockets as callers.
    const sockets = args.only === 'everyday' ? Math.max(args.concurrency, 16) : args.concurrency;
    client = args.transport === 'http' ? await httpClient(roster, sockets) : injectClient(roster);
    const context: Context = { client, operatorToken, concurrency: args.concurrency };
    const started = Date.now();
    if (args.only === 'everyday') countStatements();
    const { rows, ratios, statements, seeding, membersAvailable } = await measureAll(args, bench, roster, config, context, extraClients);
    const host = machine();
    const lines = [
      `Roster bench, size ${args.size}, ${new Date().toISOString()}`,
      `machine:   ${host.cores} cores (${host.cpu}), ${host.memoryGiB} GiB, node ${host.node}, ${host.os}, load ${host.load}`,
      `database:  ${bench.label}: ${bench.version}`,
      `transport: ${client.description}; ${args.concurrency} in flight for invite/accept, 1 for members`,
      `callers:   invite as the operator (bearer); accept anonymous; members as the org admin (session cookie)`,
      `seeding:   ${seeding.memberships.toLocaleString('en-US')} memberships (${JSON.stringify(seeding.byStatus)}), ${seeding.rows.toLocaleString('en-US')} rows in ${fixed(seeding.ms / 1000, 2)} s (${seeding.rowsPerSecond.toLocaleString('en-US')} rows/s), vacuum and analyze ${fixed(seeding.analyzeMs / 1000, 2)} s`,
      '',
      table(rows),
      '',
      'ratios:',
      ...Object.entries(ratios).map(([name, value]) => `  ${name}: ${value}`),
      ...(statements ? ['', 'SQL statements per operation (each run alone):'] : []),
      ...Object.entries(statements ?? {}).map(([name, value]) => `  ${name}: ${value ?? 'not counted on PGlite'}`),
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const failed = failedRows(rows);
    process.stdout.write(
      `${JSON.stringify({
        bench: 'roster',
        size: args.size,
        at: new Date().toISOString(),
        durationS: Math.round((Date.now() - started) / 1000),
        machine: host,
        database: { kind: bench.database.kind, label: bench.label, version: bench.version },
        transport: args.transport,
        concurrency: args.concurrency,
        seeding,
        membersAvailable,
        results: rows.map(rowJson),
        ratios,
        ...(statements ? { statements } : {}),
        ok: failed.length === 0,
      })}\n`,
    );
    return reportFailures(failed);
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
