import { emailsTo, linkPath, tokenOf } from './mail.js';
import { Client, type TestRoster } from './roster.js';

export const PASSWORD = 'correct horse battery';

let lastAddress = 0;
/** A distinct client address per simulated person. */
export function nextAddress(): string {
  lastAddress += 1;
  return `10.${(lastAddress >> 16) & 255}.${(lastAddress >> 8) & 255}.${lastAddress & 255}`;
}

/** Invites an address as the operator and returns the token from the email it received. */
export async function inviteToken(t: TestRoster, orgId: string, email: string, role = 'learner', by: Client = t.operator): Promise<string> {
  const response = await by.post(`/api/v1/orgs/${orgId}/invitations`, { emails: email, role });
  if (response.status !== 200 || !['invited', 'already_invited'].includes(response.body.results[0]?.outcome)) {
    throw new Error(`invite failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  // Read straight from the queue: the link is there from the moment the invitation exists.
  const [mail] = await emailsTo(t, email);
  if (!mail) throw new Error(`no email to ${email}`);
  return tokenOf(linkPath(mail.text));
}

/** A person who accepted an invitation: returns their signed-in client and membership id. */
export async function member(
  t: TestRoster,
  orgId: string,
  email: string,
  role = 'learner',
  names: { firstName?: string; lastName?: string } = {},
): Promise<{ client: Client; membershipId: string }> {
  const token = await inviteToken(t, orgId, email, role);
  const { client, accepted } = await acceptAsNewPerson(t, token, names);
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return { client, membershipId: accepted.body.membershipId };
}

/** A new person accepts an invitation's token with a name and a password: their client and the answer. */
export async function acceptAsNewPerson(t: TestRoster, token: string, names: { firstName?: string; lastName?: string } = {}) {
  // Each person comes from their own address, as real people do (rate limits are per address).
  const client = new Client(t.roster, null, nextAddress());
  const accepted = await client.post(`/api/v1/invitations/${token}/accept`, {
    firstName: names.firstName ?? 'Test',
    lastName: names.lastName ?? 'Person',
    password: PASSWORD,
    acceptTerms: true,
  });
  return { client, accepted };
}

/**
 * A team (made by the operator) holding the given people: managers and user admins act on
 * its learners. Returns the team's id.
 */
export async function teamOf(
  t: TestRoster,
  orgId: string,
  people: { managers?: string[]; userAdmins?: string[]; learners?: string[]; name?: string },
): Promise<string> {
  const team = await t.operator.post(`/api/v1/orgs/${orgId}/teams`, {
    name: people.name ?? `Team ${Math.random().toString(36).slice(2, 8)}`,
    visibility: 'private',
  });
  if (team.status !== 201) throw new Error(`team failed: ${team.status} ${JSON.stringify(team.body)}`);
  const add = async (memberId: string, role: string) => {
    const added = await t.operator.post(`/api/v1/orgs/${orgId}/teams/${team.body.id}/members`, { memberId, role });
    if (added.status >= 300) throw new Error(`team member failed: ${added.status} ${JSON.stringify(added.body)}`);
  };
  for (const id of people.managers ?? []) await add(id, 'manager');
  for (const id of people.userAdmins ?? []) await add(id, 'user_admin');
  for (const id of people.learners ?? []) await add(id, 'learner');
  return team.body.id;
}
