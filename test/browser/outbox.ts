import type { RunningRoster } from './roster.js';

interface OutboxItem {
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly kind: string;
  readonly createdAt: string;
}

/** The invitation link of the newest email sent to an address, read from the outbox API. */
export function latestInviteLink(roster: RunningRoster, to: string): Promise<string> {
  return latestLink(roster, to, 'invite');
}

/** The newest link to /{page}/{token} in the emails sent to an address. */
export async function latestLink(roster: RunningRoster, to: string, page: 'invite' | 'set-password' | 'reset-password'): Promise<string> {
  const list = await roster.operator<{ items: OutboxItem[] }>('GET', '/api/v1/outbox?limit=200');
  const mine = list.items.filter((item) => item.to === to).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const newest = mine[0];
  if (!newest) throw new Error(`No email to ${to} in the outbox`);
  const email = await roster.operator<{ text: string | null; html: string | null }>('GET', `/api/v1/outbox/${newest.id}`);
  const match = new RegExp(`https?://\\S+/${page}/[A-Za-z0-9_-]+`).exec(email.text ?? email.html ?? '');
  if (!match) throw new Error(`The newest email to ${to} has no /${page}/ link`);
  return match[0];
}
