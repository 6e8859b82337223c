import { latestInviteLink } from './outbox.js';
import type { RunningRoster } from './roster.js';

interface Org {
  readonly id: string;
  readonly name: string;
}

/** An organization made by the operator, without the browser (the onboarding test covers that path). */
export function createOrgByApi(roster: RunningRoster, name: string, slug: string): Promise<Org> {
  return roster.operator<Org>('POST', '/api/v1/orgs', { name, slug, kind: 'paid', seats: 10 });
}

export async function inviteByApi(roster: RunningRoster, orgId: string, email: string, role = 'learner'): Promise<string> {
  await roster.operator('POST', `/api/v1/orgs/${orgId}/invitations`, { emails: [email], role });
  return latestInviteLink(roster, email);
}

/** Accepts an invitation as a new person, straight through the API. */
export async function acceptByApi(
  roster: RunningRoster,
  link: string,
  firstName: string,
  lastName: string,
  password: string,
): Promise<void> {
  const token = new URL(link).pathname.split('/').at(-1) ?? '';
  const response = await roster.roster.app.inject({
    method: 'POST',
    url: `/api/v1/invitations/${token}/accept`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ firstName, lastName, password, acceptTerms: true }),
  });
  if (response.statusCode !== 200) throw new Error(`accept failed: ${response.statusCode} ${response.body}`);
}

/** A team made by the operator; `parentId` puts it inside another. */
export function createTeamByApi(
  roster: RunningRoster,
  orgId: string,
  name: string,
  parentId: string | null = null,
  visibility: 'public' | 'private' = 'public',
): Promise<{ id: string; name: string }> {
  return roster.operator('POST', `/api/v1/orgs/${orgId}/teams`, { name, parentId, visibility });
}
