import { createServer } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/sql.js';
import { queueEmails } from '../../src/mail/queue-email.js';
import { linkPath, recipientOf, type SmtpCatcher, startSmtpCatcher } from '../support/mail.js';
import { PASSWORD } from '../support/people.js';
import { createOrg, startTestRoster, type TestRoster } from '../support/roster.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

interface EmailState {
  status: string;
  attempts: number;
  last_error: string | null;
  html: string | null;
}

describe('email over SMTP', () => {
  let t: TestRoster | null = null;
  let smtp: SmtpCatcher | null = null;
  afterEach(async () => {
    await t?.close();
    await smtp?.close();
    t = null;
    smtp = null;
  });

  const emailState = async (roster: TestRoster) =>
    (
      await queryRows<EmailState>(
        roster.database.db,
        sql`select status, attempts, last_error, html from emails order by created_at desc limit 1`,
      )
    )[0];

  it('delivers the invitation with HTML, plain text, sender name and note, and the link accepts', async () => {
    smtp = await startSmtpCatcher();
    t = await startTestRoster({ SMTP_URL: smtp.url, MAIL_FROM: 'Roster <no-reply@roster.test>' });
    const org = await createOrg(t, { name: 'Contoso' });
    await t.operator.patch(`/api/v1/orgs/${org.id}`, { emailSenderName: 'Contoso Academy', emailNote: 'Your first course starts Monday.' });
    await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'learner@contoso.test', message: 'See you there!' });
    await t.drain();
    const [message] = await smtp.waitFor(1);
    expect(message?.from?.value[0]).toMatchObject({ name: 'Contoso Academy', address: 'no-reply@roster.test' });
    expect(message?.to && 'value' in message.to ? message.to.value[0]?.address : null).toBe('learner@contoso.test');
    expect(message?.subject).toBe('The Roster platform team invited you to join Contoso');
    expect(message?.text).toContain('Your first course starts Monday.');
    expect(message?.text).toContain('See you there!');
    expect(message?.html).toContain('Accept the invitation');
    const path = linkPath(message?.text);
    expect(linkPath(typeof message?.html === 'string' ? message.html : '')).toBe(path);

    const peek = await t.anonymous().get(`/api/v1${path.replace('/invite/', '/invitations/')}`);
    expect(peek.body.orgName).toBe('Contoso');
    const accepted = await t.anonymous().post(`/api/v1${path.replace('/invite/', '/invitations/')}/accept`, {
      firstName: 'Lee',
      lastName: 'Ner',
      password: PASSWORD,
      acceptTerms: true,
    });
    expect(accepted.status).toBe(200);
    const state = await emailState(t);
    expect(state).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    // Delivered over SMTP: the body, which held a single-use link, is not kept.
    expect(state?.html).toBeNull();
  });

  it('delivers an invitation of many addresses, kept as words, each with its own name and working link', async () => {
    smtp = await startSmtpCatcher();
    t = await startTestRoster({ SMTP_URL: smtp.url, MAIL_FROM: 'Roster <no-reply@roster.test>' });
    const org = await createOrg(t, { name: 'Fabrikam' });
    await t.operator.patch(`/api/v1/orgs/${org.id}`, {
      emailSenderName: 'Fabrikam Learning',
      emailNote: 'Bring a laptop & "good" questions.',
    });
    const invited = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, {
      emails: 'Ada Lovelace <ada@fabrikam.test>, grace@fabrikam.test, Alan Turing <alan@fabrikam.test>',
      message: 'Welcome <aboard>!',
    });
    expect(invited.body.counts.invited).toBe(3);
    // Stored as their words until sent, not as three rendered copies.
    const stored = await queryRows<{ html: string | null; body: unknown }>(
      t.database.db,
      sql`select html, body from emails where org_id = ${org.id}`,
    );
    expect(stored.map((row) => [row.html, row.body !== null])).toEqual(Array(3).fill([null, true]));
    await t.drain();
    const messages = await smtp.waitFor(3);
    const byRecipient = new Map(messages.map((message) => [recipientOf(message), message]));
    const greetings = { 'ada@fabrikam.test': 'Hello Ada,', 'grace@fabrikam.test': 'Hello,', 'alan@fabrikam.test': 'Hello Alan,' };
    const paths = new Set<string>();
    for (const [to, greeting] of Object.entries(greetings)) {
      const message = byRecipient.get(to);
      expect(message?.subject).toBe('The Roster platform team invited you to join Fabrikam');
      expect(message?.from?.value[0]?.name).toBe('Fabrikam Learning');
      expect(message?.text?.split('\n')[0]).toBe(greeting);
      expect(message?.text).toContain('Welcome <aboard>!');
      expect(message?.html).toContain('Welcome &#60;aboard&#62;!');
      expect(message?.html).toContain('Bring a laptop &#38; &#34;good&#34; questions.');
      const path = linkPath(message?.text);
      expect(linkPath(typeof message?.html === 'string' ? message.html : '')).toBe(path);
      paths.add(path);
    }
    expect(paths.size).toBe(3);
    for (const path of paths) {
      const peek = await t.anonymous().get(`/api/v1${path.replace('/invite/', '/invitations/')}`);
      expect(peek.status).toBe(200);
      expect(peek.body.orgName).toBe('Fabrikam');
    }
  });

  it('keeps mail queued while the server is down and delivers it once it is back', async () => {
    const port = await freePort();
    t = await startTestRoster({ SMTP_URL: `smtp://127.0.0.1:${port}?tls=off` });
    const org = await createOrg(t);
    const invited = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'patient@example.com' });
    expect(invited.body.results[0].outcome).toBe('invited');
    await t.drain();
    const down = await emailState(t);
    expect(down).toMatchObject({ status: 'queued', attempts: 1 });
    expect(down?.last_error).toMatch(/ECONNREFUSED|connect/i);
    const [job] = await queryRows<{ status: string; run_at: Date }>(t.database.db, sql`select status, run_at from jobs`);
    expect(job?.status).toBe('queued');
    expect(new Date(job?.run_at ?? 0).getTime()).toBeGreaterThan(Date.now());

    smtp = await startSmtpCatcher(port);
    await t.database.db.execute(sql`update jobs set run_at = now()`);
    await t.drain();
    await smtp.waitFor(1);
    await t.drain();
    expect(smtp.messages).toHaveLength(1);
    expect(await emailState(t)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
  });

  it("records the server's refusal and gives up after the last attempt", async () => {
    smtp = await startSmtpCatcher();
    smtp.refuseWith = 'Mailbox temporarily unavailable';
    t = await startTestRoster({ SMTP_URL: smtp.url });
    const org = await createOrg(t);
    await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'bounce@example.com' });
    await t.database.db.execute(sql`update jobs set max_attempts = 2`);
    await t.drain();
    const first = await emailState(t);
    expect(first).toMatchObject({ status: 'queued', attempts: 1 });
    expect(first?.last_error).toContain('Mailbox temporarily unavailable');
    await t.database.db.execute(sql`update jobs set run_at = now()`);
    await t.drain();
    const last = await emailState(t);
    expect(last).toMatchObject({ status: 'failed', attempts: 2 });
    expect(last?.last_error).toContain('451');
    expect(smtp.messages).toHaveLength(0);
  });

  it('sends nothing for a request that was refused', async () => {
    smtp = await startSmtpCatcher();
    t = await startTestRoster({ SMTP_URL: smtp.url });
    const org = await createOrg(t);
    const refused = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'x@example.com', role: 'owner' });
    expect(refused.status).toBe(400);
    await t.drain();
    const [row] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from jobs`);
    expect(row?.n).toBe(0);
    expect(smtp.messages).toHaveLength(0);
  });

  it('sends bulk mail in jobs of fifty, retries a refused batch, and never sends an email twice', async () => {
    smtp = await startSmtpCatcher();
    smtp.refuseWith = 'Try again later';
    t = await startTestRoster({ SMTP_URL: smtp.url });
    const list = Array.from({ length: 120 }, (_, i) => ({
      orgId: null,
      kind: 'test-bulk',
      to: `bulk${i}@example.com`,
      subject: `Hello ${i}`,
      html: `<p>Hello ${i}</p>`,
      text: `Hello ${i}`,
    }));
    await queueEmails(t.database.db, list, { bulk: true });
    const jobSizes = async (roster: TestRoster) =>
      (
        await queryRows<{ n: number }>(
          roster.database.db,
          sql`select jsonb_array_length(payload->'emailIds')::int as n from jobs where kind = 'send-email' order by n desc`,
        )
      ).map((row) => row.n);
    expect(await jobSizes(t)).toEqual([50, 50, 20]);

    await t.drain();
    // Every email refused and still queued. How many tries that took depends on how long the
    // drain ran against the back-off (a loaded machine retries more), so only "at least one".
    const refused = await queryRows<{ status: string; tried: boolean; n: number }>(
      t.database.db,
      sql`select status, attempts >= 1 as tried, count(*)::int as n from emails group by 1, 2`,
    );
    expect(refused).toEqual([{ status: 'queued', tried: true, n: 120 }]);
    expect(smtp.messages).toHaveLength(0);

    smtp.refuseWith = null;
    await t.database.db.execute(sql`update jobs set run_at = now()`);
    await t.drain();
    await smtp.waitFor(120);
    // A batch whose worker died after sending is claimed again: what was sent is not sent again.
    await t.database.db.execute(sql`update jobs set status = 'queued', run_at = now()`);
    await t.drain();
    expect(new Set(smtp.messages.map((m) => m.subject)).size).toBe(120);
    expect(smtp.messages).toHaveLength(120);
    const sent = await queryRows<{ status: string; n: number }>(
      t.database.db,
      sql`select status, count(*)::int as n from emails group by 1`,
    );
    expect(sent).toEqual([{ status: 'sent', n: 120 }]);
  });
});
