import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { member, nextAddress, PASSWORD } from '../../../test/support/people.js';
import { Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';

const NEW_PASSWORD = 'a longer and newer secret';

describe('my account', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  const signIn = async (login: string, password: string) => {
    const client = new Client(t.roster, null, nextAddress());
    const response = await client.post('/api/v1/auth/login', { login, password });
    return { client, status: response.status };
  };

  it('lets a person change their name and time zone, and refuses an unknown zone', async () => {
    const org = await createOrg(t);
    const ann = await member(t, org.id, 'ann@profile.test', 'learner', { firstName: 'Ann', lastName: 'Old' });
    expect((await ann.client.get('/api/v1/me/profile')).body).toMatchObject({
      email: 'ann@profile.test',
      firstName: 'Ann',
      lastName: 'Old',
      timeZone: null,
    });
    const changed = await ann.client.patch('/api/v1/me/profile', { lastName: ' New ', timeZone: 'America/New_York' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ firstName: 'Ann', lastName: 'New', timeZone: 'America/New_York' });
    expect((await ann.client.get('/api/v1/auth/session')).body.account).toMatchObject({ lastName: 'New', timeZone: 'America/New_York' });

    const bad = await ann.client.patch('/api/v1/me/profile', { timeZone: 'Atlantis/Capital', firstName: 'Nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: '/timeZone', message: 'is not a known time zone' }]);
    expect((await ann.client.get('/api/v1/me/profile')).body.firstName).toBe('Ann');
    const blank = await ann.client.patch('/api/v1/me/profile', { firstName: '   ' });
    expect(blank.status).toBe(400);
    // The email address is not the person's to change here.
    expect((await ann.client.patch('/api/v1/me/profile', { email: 'other@profile.test' })).status).toBe(400);
    expect((await ann.client.patch('/api/v1/me/profile', { timeZone: null })).body.timeZone).toBeNull();

    expect((await new Client(t.roster).get('/api/v1/me/profile')).body.detail).toBe('Sign in to see your account.');
    expect((await t.operator.get('/api/v1/me/profile')).status).toBe(403);
  });

  it('changes the password only with the current one, and signs out every other session', async () => {
    const org = await createOrg(t);
    const bob = await member(t, org.id, 'bob@profile.test');
    const laptop = await signIn('bob@profile.test', PASSWORD);
    expect(laptop.status).toBe(200);

    const listed = await bob.client.get('/api/v1/me/sessions');
    expect(listed.body.items).toHaveLength(2);
    expect(listed.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);

    const wrong = await bob.client.post('/api/v1/me/password', { currentPassword: 'not it at all', newPassword: NEW_PASSWORD });
    expect(wrong.status).toBe(400);
    expect(wrong.body.detail).toBe('The current password is not right.');
    const weak = await bob.client.post('/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].field).toBe('/newPassword');
    expect((await laptop.client.get('/api/v1/me/profile')).status).toBe(200);

    const changed = await bob.client.post('/api/v1/me/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(changed.status).toBe(204);
    expect((await bob.client.get('/api/v1/me/profile')).status).toBe(200);
    expect((await laptop.client.get('/api/v1/me/profile')).status).toBe(401);
    expect((await signIn('bob@profile.test', PASSWORD)).status).toBe(401);
    expect((await signIn('bob@profile.test', NEW_PASSWORD)).status).toBe(200);
  });

  it('signs out one session or all the others, never someone else’s', async () => {
    const org = await createOrg(t);
    const cat = await member(t, org.id, 'cat@profile.test');
    const dan = await member(t, org.id, 'dan@profile.test');
    const phone = await signIn('cat@profile.test', PASSWORD);
    const tablet = await signIn('cat@profile.test', PASSWORD);

    const danSession = (await dan.client.get('/api/v1/me/sessions')).body.items[0].id;
    expect((await cat.client.delete(`/api/v1/me/sessions/${danSession}`)).status).toBe(404);
    expect((await dan.client.get('/api/v1/me/profile')).status).toBe(200);

    const catSessions = (await phone.client.get('/api/v1/me/sessions')).body.items;
    expect(catSessions).toHaveLength(3);
    const phoneId = catSessions.find((s: { current: boolean }) => s.current).id;
    expect((await cat.client.delete(`/api/v1/me/sessions/${phoneId}`)).status).toBe(204);
    expect((await phone.client.get('/api/v1/me/profile')).status).toBe(401);

    const others = await cat.client.post('/api/v1/me/sessions/end-others');
    expect(others.body).toEqual({ ended: 1 });
    expect((await tablet.client.get('/api/v1/me/profile')).status).toBe(401);
    expect((await cat.client.get('/api/v1/me/sessions')).body.items).toHaveLength(1);
  });
});
