import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, memberships, organizations, passwordTokens } from '../../db/schema.js';
import { hashToken, newToken } from '../../lib/tokens.js';

export type PasswordPurpose = 'setup' | 'reset';

export const SETUP_LINK_DAYS = 7;
export const RESET_LINK_MINUTES = 60;

/** Stores a single-use password link for the account and returns the token, which exists nowhere else. */
export async function createPasswordToken(
  db: Db,
  input: { accountId: string; purpose: PasswordPurpose; validForMs: number },
): Promise<string> {
  const token = newToken();
  await db.insert(passwordTokens).values({
    accountId: input.accountId,
    tokenHash: hashToken(token),
    purpose: input.purpose,
    expiresAt: new Date(Date.now() + input.validForMs),
  });
  return token;
}

export interface LivePasswordToken {
  readonly accountId: string;
  readonly purpose: PasswordPurpose;
  readonly email: string | null;
  readonly username: string | null;
  readonly firstName: string;
}

/** A token that is unused, unexpired, and whose account can still sign in; null otherwise. */
export async function findLivePasswordToken(db: Db, token: string): Promise<LivePasswordToken | null> {
  const [row] = await db
    .select({
      accountId: accounts.id,
      purpose: passwordTokens.purpose,
      email: accounts.email,
      username: accounts.username,
      firstName: accounts.firstName,
    })
    .from(passwordTokens)
    .innerJoin(accounts, eq(accounts.id, passwordTokens.accountId))
    .where(
      and(
        eq(passwordTokens.tokenHash, hashToken(token)),
        isNull(passwordTokens.usedAt),
        gt(passwordTokens.expiresAt, sql`now()`),
        eq(accounts.status, 'active'),
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * Marks the token used in one conditional update, so two requests racing with the same
 * link cannot both succeed. Returns what the token was for, or null when it is not usable.
 */
export async function claimPasswordToken(db: Db, token: string): Promise<{ accountId: string; purpose: PasswordPurpose } | null> {
  const [row] = await db
    .update(passwordTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(passwordTokens.tokenHash, hashToken(token)), isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, sql`now()`)))
    .returning({ accountId: passwordTokens.accountId, purpose: passwordTokens.purpose });
  return row ?? null;
}

/** Once a password is chosen, every other outstanding link of the account stops working. */
export async function retirePasswordTokens(db: Db, accountId: string): Promise<void> {
  await db
    .update(passwordTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(passwordTokens.accountId, accountId), isNull(passwordTokens.usedAt)));
}

export async function setAccountPassword(db: Db, accountId: string, passwordHash: string): Promise<void> {
  await db.update(accounts).set({ passwordHash, updatedAt: sql`now()` }).where(eq(accounts.id, accountId));
}

export interface ActiveMembership {
  readonly orgId: string;
  readonly orgName: string;
  readonly orgSlug: string;
  readonly role: (typeof memberships.$inferSelect)['role'];
}

/** The organizations where the account is an active member, by name. */
export async function listActiveMemberships(db: Db, accountId: string): Promise<ActiveMembership[]> {
  return db
    .select({ orgId: organizations.id, orgName: organizations.name, orgSlug: organizations.slug, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.accountId, accountId), eq(memberships.status, 'active')))
    .orderBy(organizations.name, organizations.id);
}
