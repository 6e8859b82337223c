/**
 * `npm run bench:peer [-- --size small|full]`
 *
 * Issue 18's peer, measured as `npm run bench -- --only everyday` measures Roster: better-auth's
 * organization plugin, called in-process through `auth.api`, on a fresh database of the
 * PostgreSQL server of DATABASE_URL. Prints progress lines, a table and one JSON line in the
 * shape of Roster's. It never asserts timings; it exits 1 only when calls fail.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import type pg from 'pg';
import { adminQuery } from '../admin-query.js';
import { now, runPool, type Summary, summarize } from '../measure.js';
import { failedRows, fixed, loadAverage, machine, percent, type Row, ratio, recorder, reportFailures, rowJson, table } from '../report.js';
import { type Auth, createAuth, migrate, openPool, sessionHeaders, statementsSent } from './auth.js';

const SIZES = {
  small: { warmUp: 20, single: 50, accepts: 20, acceptsOneByOne: 5, hashes: 5, members: 1_000, memberRequests: 10, bigOrgInvites: 5 },
  full: {
    warmUp: 2_000,
    single: 1_000,
    accepts: 300,
    acceptsOneByOne: 30,
    hashes: 30,
    members: 20_000,
    memberRequests: 100,
    bigOrgInvites: 200,
  },
} as const;
type Size = keyof typeof SIZES;
type Plan = (typeof SIZES)[Size];
const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/test';
const USAGE = 'usage: npm run bench:peer -- [--size small|full]';
const MANY = 16;
const VIA = 'in-process';

function parseSize(argv: readonly string[]): Size {
  let size = process.env.BENCH_SIZE ?? 'full';
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--size=')) size = arg.slice('--size='.length);
    else if (arg === '--size' && argv[i + 1] !== undefined) {
      size = argv[i + 1] ?? '';
      i += 1;
    } else throw new Error(`unknown argument "${arg}"\n${USAGE}`);
  }
  if (size !== 'small' && size !== 'full') throw new Error(`--size must be small or full, got "${size}"\n${USAGE}`);
  return size;
}

const progress = (message: string): void => {
  process.stderr.write(`· ${message}\n`);
};

interface Invited {
  readonly id: string;
  readonly email: string;
}

/** The calls the bench makes, as the application would make them: each with a session's headers. */
function peer(auth: Auth, admin: Headers) {
  const createOrg = async (label: string): Promise<string> => {
    const slug = `bench-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(3).toString('hex')}`;
    const org = await auth.api.createOrganization({ headers: admin, body: { name: `Bench ${label}`, slug } });
    if (!org) throw new Error(`create org ${label}: no organization`);
    return org.id;
  };
  const invite = async (orgId: string, email: string): Promise<Invited> => {
    const invitation = await auth.api.createInvitation({ headers: admin, body: { email, role: 'member', organizationId: orgId } });
    return { id: invitation.id, email };
  };
  /** A new person: signs up with a password (a session comes back), then accepts with that session. */
  const signUp = async (email: string, index: number): Promise<Headers> => {
    const body = { email, name: `Bench Person ${index}`, password: `a long bench password ${index}` };
    const { headers } = await auth.api.signUpEmail({ body, returnHeaders: true });
    return sessionHeaders(headers);
  };
  const accept = async (session: Headers, invitationId: string): Promise<void> => {
    const accepted = await auth.api.acceptInvitation({ headers: session, body: { invitationId } });
    if (!accepted?.member) throw new Error('accept: no member');
  };
  /**
   * `count` invitations of one new address each, `callers` at a time, into one fresh
   * organization (or the one given), as Roster's bench fills one fresh organization per run.
   */
  const inviteMany = async (label: string, count: number, callers: number, into?: string) => {
    const orgId = into ?? (await createOrg(label));
    const invited: Invited[] = [];
    const summary = await runPool(count, callers, async (index) => {
      invited[index] = await invite(orgId, `${label}-${index}-0@invitees.bench.test`);
    });
    return { summary, orgId, invited: invited.filter((item) => item !== undefined) };
  };
  const acceptAll = (invited: readonly Invited[], callers: number, first: number): Promise<Summary> =>
    runPool(invited.length, callers, async (i) => {
      const item = invited[i];
      if (!item) throw new Error('accept: no invitation');
      await accept(await signUp(item.email, first + i), item.id);
    });
  const listMembers = async (orgId: string): Promise<number> => {
    // The first page: no sort given (the plugin's default), 100 members (its default page when
    // membershipLimit is not a number), and the total, which the plugin always counts.
    const page = await auth.api.listMembers({ headers: admin, query: { organizationId: orgId, limit: 100 } });
    if (page.members.length !== 100) throw new Error(`members page: ${page.members.length} members`);
    return page.total;
  };
  return { createOrg, invite, signUp, accept, inviteMany, acceptAll, listMembers };
}

/** better-auth's password hash (scrypt, N 16384, r 16, p 1), outside any call. */
const hashes = (count: number, callers: number): Promise<Summary> =>
  runPool(count, callers, async (index) => {
    await hashPassword(`a long bench password ${index}`);
  });

/**
 * Users and memberships of one organization straight into the plugin's tables: generate_series,
 * no hashes (nobody signs in), then vacuum and analyze, as Roster's bench seeds its big organization.
 */
async function seedMembers(pool: pg.Pool, orgId: string, total: number): Promise<{ ms: number; analyzeMs: number }> {
  const start = now();
  await pool.query(
    `insert into "user" (id, name, email, "emailVerified", "createdAt", "updatedAt")
     select 'seed-user-' || g, 'Seed Person ' || g, 'seed-' || g || '@members.bench.test', true, now(), now()
     from generate_series(1, $1::int) g`,
    [total],
  );
  await pool.query(
    `insert into member (id, "organizationId", "userId", role, "createdAt")
     select 'seed-member-' || g, $2, 'seed-user-' || g, 'member', now() from generate_series(1, $1::int) g`,
    [total, orgId],
  );
  const seeded = now();
  await pool.query('vacuum analyze "user", member');
  return { ms: seeded - start, analyzeMs: now() - seeded };
}

async function measure(auth: Auth, withoutHash: Auth, pool: pg.Pool, plan: Plan) {
  const rows: Row[] = [];
  const record = recorder(rows, progress);
  const ratios: Record<string, string> = {};
  const statements: Record<string, number> = {};
  const count = async (name: string, operation: () => Promise<void>): Promise<void> => {
    const before = statementsSent();
    await operation();
    statements[name] = statementsSent() - before;
    progress(`  statements: ${name}: ${statements[name]}`);
  };

  const { headers } = await auth.api.signUpEmail({
    body: { email: 'admin@bench.test', name: 'Bench Admin', password: 'the bench admin password' },
    returnHeaders: true,
  });
  const admin = sessionHeaders(headers);
  const p = peer(auth, admin);

  // As many invitations as Roster's bench sends before measuring, for the same reason: code still
  // being compiled is not what either side serves all day.
  progress(`peer: warm-up, ${plan.warmUp} invitations`);
  const warm = await p.inviteMany('warm', plan.warmUp, MANY);
  // Caller numbers 40,000 and up are the warm-up's and the counts'; the runs count from 0.
  const warmAccepts = await p.acceptAll(warm.invited.slice(0, 4), MANY, 40_010);
  if (warm.summary.errors + warmAccepts.errors > 0) throw new Error(`warm-up: ${warm.summary.firstError ?? warmAccepts.firstError}`);

  // Statements per operation, each alone on an idle pool.
  const countOrg = await p.createOrg('statements');
  let counted: Invited | null = null;
  await count('invitation of 1 address', async () => {
    counted = await p.invite(countOrg, 'count-one-0@invitees.bench.test');
  });
  const invitation = counted as Invited | null;
  if (!invitation) throw new Error('statements: no invitation');
  let session: Headers | null = null;
  const before = statementsSent();
  await count('acceptance: signUpEmail', async () => {
    session = await p.signUp(invitation.email, 40_001);
  });
  await count('acceptance: acceptInvitation', () => p.accept(session ?? new Headers(), invitation.id));
  statements['acceptance of a new person'] = statementsSent() - before;
  progress(`  statements: acceptance of a new person: ${statements['acceptance of a new person']}`);

  let acceptedAtMany = Number.NaN;
  let hashedAtMany = Number.NaN;
  let fresh = Number.NaN;
  let caller = 0;
  for (const callers of [1, MANY]) {
    progress(`peer ${VIA}, ${callers} caller(s): ${plan.single} invitations of 1 address`);
    const single = await p.inviteMany(`one-${callers}`, plan.single, callers);
    record({ section: `invite ${VIA}`, name: `1 address, ${callers} caller(s)`, summary: single.summary, itemsPerRequest: 1 });
    if (callers === 1) fresh = single.summary.p50Ms;
    const accepts = callers === 1 ? plan.acceptsOneByOne : plan.accepts;
    progress(`peer ${VIA}, ${callers} caller(s): ${accepts} acceptances`);
    const accepted = await p.acceptAll(single.invited.slice(0, accepts), callers, caller);
    caller += accepts;
    record({
      section: `accept ${VIA}`,
      name: `new person, ${callers} caller(s)`,
      summary: accepted,
      note: 'signUpEmail (with the password hash) + acceptInvitation',
    });
    // The hash alone at the same concurrency, right after, as Roster's bench does.
    if (callers === MANY) {
      const parallel = await hashes(plan.hashes * MANY, MANY);
      record({ section: `accept ${VIA}`, name: `scrypt hash alone, ${MANY} at a time, right after`, summary: parallel });
      acceptedAtMany = accepted.perSecond;
      hashedAtMany = parallel.perSecond;
      // The subtraction below is ill-conditioned when the hash is nearly all of an acceptance
      // (two close rates, each with its noise): the same acceptances with the hash swapped for
      // an instant stand-in measure the rest directly, as a check on it.
      const more = await p.inviteMany(`nohash-${callers}`, plan.accepts, MANY);
      const bare = await peer(withoutHash, admin).acceptAll(more.invited, callers, caller);
      caller += plan.accepts;
      record({
        section: `accept ${VIA}`,
        name: `new person, ${callers} caller(s), no hash`,
        summary: bare,
        note: 'the same, emailAndPassword.password.hash stores the password as is',
      });
    }
  }
  record({ section: 'accept', name: 'scrypt hash alone, 1 at a time', summary: await hashes(plan.hashes, 1) });
  // Issue 18's figure: a second per acceptance less a second per hash.
  const without = 1 / (1 / acceptedAtMany - 1 / hashedAtMany);
  ratios[`acceptances/s, ${MANY} callers ${VIA}, the hash subtracted`] = Number.isFinite(without) && without > 0 ? fixed(without, 0) : '-';
  ratios[`acceptances/s vs hashes/s (${MANY} at a time)`] = percent(acceptedAtMany, hashedAtMany);

  progress(`peer: seeding ${plan.members.toLocaleString('en-US')} memberships`);
  const bigOrg = await p.createOrg('members');
  const seeded = await seedMembers(pool, bigOrg, plan.members);
  progress(`peer ${VIA}: members page, one call at a time`);
  for (let i = 0; i < 3; i += 1) await p.listMembers(bigOrg);
  let total = 0;
  const alone = await runPool(plan.memberRequests, 1, async () => {
    total = await p.listMembers(bigOrg);
  });
  record({
    section: `members ${VIA}`,
    name: 'first page, default sort',
    summary: alone,
    note: `100 of ${total.toLocaleString('en-US')}, total counted`,
  });
  progress(`peer ${VIA}: members page, ${MANY} callers`);
  // One unmeasured round first, as Roster's bench: it opens the pool's other connections.
  await runPool(MANY, MANY, async () => {
    await p.listMembers(bigOrg);
  });
  const crowd = await runPool(plan.memberRequests * 2, MANY, async () => {
    await p.listMembers(bigOrg);
  });
  record({ section: `members ${VIA}`, name: `first page, ${MANY} callers`, summary: crowd });

  progress('peer: invitations into the big organization');
  await count('invitation of 1 address into the big org', async () => {
    await p.invite(bigOrg, 'count-big-0@invitees.bench.test');
  });
  // Alternating, the order swapped at each pair, so both see the same minutes of the machine.
  const freshOrg = await p.createOrg('fresh beside big');
  const samples = { big: [] as number[], fresh: [] as number[] };
  const errors = { big: [] as string[], fresh: [] as string[] };
  const started = now();
  for (let i = 0; i < plan.bigOrgInvites; i += 1) {
    for (const which of i % 2 === 0 ? (['big', 'fresh'] as const) : (['fresh', 'big'] as const)) {
      const at = now();
      try {
        await p.invite(which === 'big' ? bigOrg : freshOrg, `pair-${which}-${i}@invitees.bench.test`);
        samples[which].push(now() - at);
      } catch (error) {
        errors[which].push(error instanceof Error ? error.message : String(error));
      }
    }
  }
  const wall = now() - started;
  const big = summarize(samples.big, wall / 2, errors.big);
  record({
    section: 'invite',
    name: '1 address into the big org, 1 caller',
    summary: big,
    itemsPerRequest: 1,
    note: `org of ${plan.members.toLocaleString('en-US')}, alternating with the next row`,
  });
  const beside = summarize(samples.fresh, wall / 2, errors.fresh);
  record({ section: 'invite', name: '1 address into a fresh org, 1 caller', summary: beside, itemsPerRequest: 1 });
  ratios['invite p50, big org vs fresh org (alternating)'] = ratio(big.p50Ms, beside.p50Ms);
  ratios['invite p50, big org vs the fresh org measured first'] = ratio(big.p50Ms, fresh);

  return {
    rows,
    ratios,
    statements,
    seeding: { memberships: plan.members, ms: Math.round(seeded.ms), analyzeMs: Math.round(seeded.analyzeMs) },
  };
}

async function main(): Promise<number> {
  let size: Size;
  try {
    size = parseSize(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const loadAtStart = loadAverage();
  const serverUrl = process.env.DATABASE_URL?.trim() || DEFAULT_SERVER;
  const name = `peer_bench_${process.pid}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  progress(`peer: better-auth 1.7.25 organization plugin, size ${size}, database ${name} on ${url.host}, load ${loadAtStart}`);
  await adminQuery(serverUrl, `create database ${name}`);
  const pool = openPool(url.toString());
  let closed = false;
  // The database goes whatever happens: at the end, on failure and on Ctrl-C.
  const drop = (): Promise<void> => adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
  const cleanup = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await pool.end().catch(() => undefined);
    await drop();
  };
  // On Ctrl-C the calls in flight go on: the drop (which ends their connections) comes first, then the exit.
  process.once('SIGINT', () => {
    closed = true;
    const exit = (): never => process.exit(130);
    drop().then(exit, exit);
  });
  try {
    await migrate(pool);
    const auth = createAuth(pool);
    const version = ((await pool.query<{ version: string }>('select version()')).rows[0]?.version ?? 'unknown').trim();
    const started = Date.now();
    const { rows, ratios, statements, seeding } = await measure(auth, createAuth(pool, true), pool, SIZES[size]);
    const host = { ...machine(), loadAtStart };
    const label = `PostgreSQL ${name} on ${url.host}`;
    const lines = [
      `Peer bench (better-auth 1.7.25, organization plugin), size ${size}, ${new Date().toISOString()}`,
      `machine:   ${host.cores} cores (${host.cpu}), ${host.memoryGiB} GiB, node ${host.node}, ${host.os}, load ${loadAtStart} at start, ${host.load} at the end`,
      `database:  ${label}: ${version}; pg Pool of 20`,
      `transport: in-process auth.api calls, no HTTP; ${MANY} in flight or 1`,
      'callers:   invite and list as the org owner (session cookie); accept as the new person (signUpEmail, then its session)',
      `seeding:   ${seeding.memberships.toLocaleString('en-US')} memberships in ${fixed(seeding.ms / 1000, 2)} s, vacuum and analyze ${fixed(seeding.analyzeMs / 1000, 2)} s`,
      '',
      table(rows),
      '',
      'ratios:',
      ...Object.entries(ratios).map(([key, value]) => `  ${key}: ${value}`),
      '',
      'SQL statements per operation (each run alone):',
      ...Object.entries(statements).map(([key, value]) => `  ${key}: ${value}`),
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const failed = failedRows(rows);
    process.stdout.write(
      `${JSON.stringify({
        bench: 'peer',
        peer: 'better-auth 1.7.25, organization plugin',
        size,
        at: new Date().toISOString(),
        durationS: Math.round((Date.now() - started) / 1000),
        machine: host,
        database: { kind: 'postgres', label, version },
        transport: 'in-process',
        concurrency: MANY,
        seeding,
        membersAvailable: true,
        results: rows.map(rowJson),
        ratios,
        statements,
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
    process.stderr.write(`peer bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
