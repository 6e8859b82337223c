import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recipientOf, type SmtpCatcher, startSmtpCatcher } from '../../../test/support/mail.js';
import { inviteToken, member, PASSWORD } from '../../../test/support/people.js';
import { createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { queryRows } from '../../db/sql.js';
import { PERIODIC_TASKS } from '../../jobs/definitions.js';
import { sendTurnawayNotices } from './send-turnaway-notices.js';

describe("the admins' daily notice of people turned away for lack of a seat", () => {
  let t: TestRoster;
  let smtp: SmtpCatcher;
  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    t = await startTestRoster({ SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  /** Runs the periodic task as the worker does, then sends what it queued. */
  const runNotices = async () => {
    const sent = await sendTurnawayNotices(t.database.db, t.config.publicUrl);
    await t.drain();
    return sent;
  };
  const newMessages = (before: number) => smtp.messages.slice(before);
  const keyOf = (url: string) => url.split('/join/')[1] ?? '';

  it('is declared as a periodic task', () => {
    expect(PERIODIC_TASKS.map((task) => task.name)).toContain('seat-turnaway-notices');
  });

  it('names everyone turned away once a day, to each admin, and nothing twice', async () => {
    const org = await createOrg(t, { name: 'Full House', seats: 3 });
    await member(t, org.id, 'first@full.test', 'admin');
    await member(t, org.id, 'second@full.test', 'admin');
    const ann = await inviteToken(t, org.id, 'ann@full.test');
    const link = await t.operator.post(`/api/v1/orgs/${org.id}/invite-links`, { domains: ['full.test'] });
    expect(link.status).toBe(201);
    // The last seat goes to someone else: Ann's invitation and the link now turn people away.
    await member(t, org.id, 'quick@full.test');
    await t.drain();
    const quiet = await createOrg(t, { name: 'Room To Spare', seats: 5 });
    await member(t, quiet.id, 'calm@spare.test', 'admin');
    await t.drain();
    const before = smtp.messages.length;

    // Ann is told before the form, twice (a reload), and tries anyway; Bob asks the link.
    for (let i = 0; i < 2; i++) expect((await t.anonymous().get(`/api/v1/invitations/${ann}`)).body.seatAvailable).toBe(false);
    const refused = await t
      .anonymous()
      .post(`/api/v1/invitations/${ann}/accept`, { firstName: 'Ann', lastName: 'Late', password: PASSWORD, acceptTerms: true });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('no_seat');
    const full = await t.anonymous().post(`/api/v1/join/${keyOf(link.body.url)}`, { email: 'bob@full.test' });
    expect(full.status, JSON.stringify(full.body)).toBe(409);
    expect(full.body.code).toBe('member_limit');
    const noted = await queryRows<{ email: string; way: string }>(
      t.database.db,
      sql`select email, way from seat_turnaways where org_id = ${org.id} order by email`,
    );
    expect(noted).toEqual([
      { email: 'ann@full.test', way: 'invitation' },
      { email: 'bob@full.test', way: 'link' },
    ]);

    // Two instances' runs at once: one notice per admin, for this organization only.
    const sent = await Promise.all([
      sendTurnawayNotices(t.database.db, t.config.publicUrl),
      sendTurnawayNotices(t.database.db, t.config.publicUrl),
    ]);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    await t.drain();
    const mails = await smtp.waitFor(before + 2);
    const notices = mails.slice(before);
    expect(notices.map(recipientOf).sort()).toEqual(['first@full.test', 'second@full.test']);
    for (const mail of notices) {
      expect(mail.subject).toBe('2 people could not join Full House: no seat was free');
      expect(mail.text).toContain('These 2 people tried to join Full House and were turned away because all 3 seats were taken.');
      expect(mail.text).toContain('> ann@full.test\n> bob@full.test');
      expect(mail.text).toContain(`See the licenses: http://roster.test/orgs/${org.id}/licenses`);
      expect(mail.html).toContain('ann@full.test\nbob@full.test');
    }

    // Later the same day: no second notice, even for someone new; the next day names only them.
    expect((await t.anonymous().post(`/api/v1/join/${keyOf(link.body.url)}`, { email: 'cy@full.test' })).status).toBe(409);
    expect(await runNotices()).toBe(0);
    expect(newMessages(before + 2)).toEqual([]);
    await t.database.db.execute(sql`update seat_turnaway_notices set day = day - 1 where org_id = ${org.id}`);
    expect(await runNotices()).toBe(1);
    const next = (await smtp.waitFor(before + 4)).slice(before + 2);
    expect(next.map((mail) => mail.subject)).toEqual([
      '1 person could not join Full House: no seat was free',
      '1 person could not join Full House: no seat was free',
    ]);
    expect(next[0]?.text).toContain('> cy@full.test\n\n');
    expect(next[0]?.text).not.toContain('ann@full.test');

    // Nobody turned away since: nothing is sent, whatever the day.
    await t.database.db.execute(sql`update seat_turnaway_notices set day = day - 1 where org_id = ${org.id}`);
    expect(await runNotices()).toBe(0);
    expect(smtp.messages.length).toBe(before + 4);
    expect(newMessages(before).map(recipientOf)).not.toContain('calm@spare.test');
  });

  it('forgets who was turned away when their data is erased', async () => {
    const org = await createOrg(t, { name: 'Erased Chairs', seats: 1 });
    const token = await inviteToken(t, org.id, 'gone@erase.test');
    await member(t, org.id, 'taken@erase.test');
    expect((await t.anonymous().get(`/api/v1/invitations/${token}`)).body.seatAvailable).toBe(false);
    const count = async () =>
      (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from seat_turnaways where email = 'gone@erase.test'`))[0]
        ?.n;
    expect(await count()).toBe(1);
    const pending = (await t.operator.get(`/api/v1/orgs/${org.id}/members?status=pending`)).body.items as { id: string }[];
    const erased = await t.operator.post(`/api/v1/orgs/${org.id}/members/${pending[0]?.id}/erase`, {});
    expect(erased.status, JSON.stringify(erased.body)).toBeLessThan(300);
    expect(await count()).toBe(0);
  });
});
