import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastEmailTo, startSmtpCatcher } from '../../../test/support/mail.js';
import { member } from '../../../test/support/people.js';
import { createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { queryRows } from '../../db/sql.js';

describe('outbox', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  it('shows the operator every email, newest first, with its bodies', async () => {
    const org = await createOrg(t, { name: 'Outbox Org' });
    await t.operator.patch(`/api/v1/orgs/${org.id}`, { emailSenderName: 'Outbox Academy' });
    await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: ['first@outbox.test'] });
    await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: ['second@outbox.test'] });
    await t.drain();

    const list = await t.operator.get('/api/v1/outbox?limit=2');
    expect(list.status).toBe(200);
    expect(list.body.items.map((e: { to: string }) => e.to)).toEqual(['second@outbox.test', 'first@outbox.test']);
    expect(list.body.items[0]).toMatchObject({ orgId: org.id, kind: 'invitation', status: 'sent', attempts: 1, lastError: null });
    expect(list.body.items[0].subject).toContain('Outbox Org');
    expect(list.body.items[0].sentAt).toEqual(expect.any(String));
    expect(list.body.items[0]).not.toHaveProperty('html');

    const one = await t.operator.get(`/api/v1/outbox/${list.body.items[1].id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: list.body.items[1].id, to: 'first@outbox.test', fromName: 'Outbox Academy' });
    expect(one.body.html).toContain('/invite/');
    expect(one.body.text).toContain('http://roster.test/invite/');

    const filtered = await t.operator.get('/api/v1/outbox?to=FIRST@Outbox.test');
    expect(filtered.body.items.map((e: { to: string }) => e.to)).toEqual(['first@outbox.test']);
    expect(filtered.body.nextCursor).toBeNull();

    // By kind and by delivery state; a kind that is not a code is refused with a sentence.
    await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: ['first@outbox.test'] });
    const reminders = await t.operator.get('/api/v1/outbox?kind=invitation-reminder&to=first@outbox.test');
    expect(reminders.body.items.map((e: { kind: string; status: string }) => [e.kind, e.status])).toEqual([
      ['invitation-reminder', 'queued'],
    ]);
    const queued = await t.operator.get('/api/v1/outbox?status=queued&to=first@outbox.test');
    expect(queued.body.items).toHaveLength(1);
    const sent = await t.operator.get('/api/v1/outbox?status=sent&kind=invitation&to=first@outbox.test');
    expect(sent.body.items.map((e: { id: string }) => e.id)).toEqual([list.body.items[1].id]);
    const badKind = await t.operator.get('/api/v1/outbox?kind=DROP%20TABLE');
    expect(badKind.status).toBe(400);
    expect((await t.operator.get('/api/v1/outbox?status=lost')).status).toBe(400);
  });

  it('pages through the outbox with its cursor, every email once', async () => {
    const org = await createOrg(t);
    const addresses = Array.from({ length: 7 }, (_, i) => `page${i}@outbox-paging.test`);
    await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: addresses.slice(0, 4) });
    await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: addresses.slice(4) });
    const everything = (await t.operator.get('/api/v1/outbox?limit=200')).body.items.map((e: { id: string }) => e.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await t.operator.get(
        `/api/v1/outbox?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(everything);
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await t.operator.get('/api/v1/outbox?cursor=garbage');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
  });

  it("shows an import's email, kept as its words, with the bodies that were sent", async () => {
    const org = await createOrg(t, { name: 'Bulk Academy' });
    const preview = await t.operator.upload(`/api/v1/orgs/${org.id}/imports`, 'people.csv', 'email\nwords@outbox.test\n');
    expect((await t.operator.post(`/api/v1/orgs/${org.id}/imports/${preview.body.id}/commit`)).status).toBe(202);
    await t.drainImports();
    await t.drain();
    const [stored] = await queryRows<{ id: string; status: string; html: string | null }>(
      t.database.db,
      sql`select id, status, html from emails where to_address = 'words@outbox.test'`,
    );
    expect(stored).toMatchObject({ status: 'sent', html: null });
    const shown = await t.operator.get(`/api/v1/outbox/${stored?.id}`);
    expect(shown.body.html).toContain('Bulk Academy');
    expect(shown.body.html).toMatch(/\/invite\/[A-Za-z0-9_-]{43}/);
    expect(shown.body.text).toMatch(/\/invite\/[A-Za-z0-9_-]{43}/);
  });

  it('is for the operator only', async () => {
    const org = await createOrg(t);
    const { client: admin } = await member(t, org.id, 'admin@outbox-auth.test', 'admin');
    const mail = await lastEmailTo(t, 'admin@outbox-auth.test');
    const list = await admin.get('/api/v1/outbox');
    expect(list.status).toBe(403);
    expect(list.body.code).toBe('forbidden');
    expect((await admin.get(`/api/v1/outbox/${mail.id}`)).status).toBe(403);
    expect((await t.anonymous().get('/api/v1/outbox')).status).toBe(401);
    expect((await t.anonymous().get(`/api/v1/outbox/${mail.id}`)).status).toBe(401);
    expect((await t.operator.get('/api/v1/outbox/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await t.operator.get('/api/v1/outbox/not-an-id')).status).toBe(400);
  });
});

describe('outbox with SMTP delivery', () => {
  it('no longer holds the bodies of emails delivered over SMTP', async () => {
    const smtp = await startSmtpCatcher();
    const t = await startTestRoster({ SMTP_URL: smtp.url });
    try {
      const org = await createOrg(t);
      await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'smtp@outbox.test' });
      await t.drain();
      await smtp.waitFor(1);
      const [item] = (await t.operator.get('/api/v1/outbox')).body.items;
      expect(item).toMatchObject({ to: 'smtp@outbox.test', status: 'sent' });
      const one = await t.operator.get(`/api/v1/outbox/${item.id}`);
      expect(one.body).toMatchObject({ html: null, text: null, status: 'sent' });

      // Nor the words of an import's email, which hold its link just the same.
      const preview = await t.operator.upload(`/api/v1/orgs/${org.id}/imports`, 'people.csv', 'email\nbulk@outbox.test\n');
      expect((await t.operator.post(`/api/v1/orgs/${org.id}/imports/${preview.body.id}/commit`)).status).toBe(202);
      await t.drainImports();
      await t.drain();
      await smtp.waitFor(2);
      const [bulk] = await queryRows<{ status: string; html: string | null; text: string | null; body: unknown }>(
        t.database.db,
        sql`select status, html, text, body from emails where to_address = 'bulk@outbox.test'`,
      );
      expect(bulk).toEqual({ status: 'sent', html: null, text: null, body: null });
    } finally {
      await t.close();
      await smtp.close();
    }
  });
});
