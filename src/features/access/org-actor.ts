import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared-statements.js';
import type { Role } from '../../db/schema.js';
import { queryRows } from '../../db/sql.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Actor } from '../auth/actor.js';

/**
 * The caller as seen from inside one organization: the platform operator (an administrator
 * everywhere), a member through their membership, or an API key of this organization, which
 * holds a role of its own (and, below administrator, a set of teams).
 */
export type OrgActor =
  | { readonly kind: 'operator'; readonly orgId: string; readonly accountId: null; readonly label: string; readonly ip: string | null }
  | {
      readonly kind: 'member';
      readonly orgId: string;
      readonly accountId: string;
      readonly membershipId: string;
      readonly role: Role;
      readonly label: string;
      readonly ip: string | null;
    }
  | {
      readonly kind: 'key';
      readonly orgId: string;
      readonly accountId: null;
      readonly keyId: string;
      readonly role: Role;
      readonly scopes: readonly string[];
      readonly label: string;
      readonly ip: string | null;
    };

export function actorRole(actor: OrgActor): Role | 'operator' {
  return actor.kind === 'operator' ? 'operator' : actor.role;
}

/** Administrators of the organization, the operator, and keys with the administrator role. */
export const isAdmin = (actor: OrgActor): boolean => actor.kind === 'operator' || actor.role === 'admin';

/** The caller is this membership (a key or the operator is never anyone's membership). */
export const isSelf = (actor: OrgActor, membershipId: string): boolean => actor.kind === 'member' && actor.membershipId === membershipId;

/**
 * Resolves the caller inside the organization. Someone who is not an active member, and a
 * key of another organization, get "not found", exactly like an organization that does not
 * exist, so nobody learns which organizations exist.
 */
export async function resolveOrgActor(db: Db, actor: Actor, orgId: string): Promise<OrgActor> {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to continue.');
  if (actor.kind === 'operator') return { kind: 'operator', orgId, accountId: null, label: 'operator', ip: actor.ip };
  if (actor.kind === 'key') {
    if (actor.orgId !== orgId) throw notFound('The organization');
    return {
      kind: 'key',
      orgId,
      accountId: null,
      keyId: actor.keyId,
      role: actor.role,
      scopes: actor.scopes,
      label: actor.label,
      ip: actor.ip,
    };
  }
  // Read on every request of a signed-in person: prepared (a lookup by key).
  const [row] = await queryRows<{ id: string; role: Role; email: string | null; username: string | null }>(
    db,
    prepared(sql`select m.id, m.role, a.email, a.username from memberships m join accounts a on a.id = m.account_id
      where m.org_id = ${orgId} and m.account_id = ${actor.accountId} and m.status = 'active'`),
  );
  if (!row) throw notFound('The organization');
  return {
    kind: 'member',
    orgId,
    accountId: actor.accountId,
    membershipId: row.id,
    role: row.role,
    label: row.email ?? row.username ?? actor.label,
    ip: actor.ip,
  };
}

/** Refuses unless the caller holds one of the roles (the operator always may). */
export function requireRole(actor: OrgActor, roles: readonly Role[], what: string): void {
  if (actor.kind === 'operator' || roles.includes(actor.role)) return;
  throw new AppError('forbidden', `Your role does not allow you to ${what}.`);
}
