import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts } from '../../db/schema.js';

export type AccountRow = typeof accounts.$inferSelect;

/** `email` must already be normalized (parseAddress / foldIdentifier). */
export async function findAccountByEmail(db: Db, email: string): Promise<AccountRow | null> {
  const [row] = await db.select().from(accounts).where(eq(accounts.email, email)).limit(1);
  return row ?? null;
}

export async function findAccountByUsername(db: Db, username: string): Promise<AccountRow | null> {
  const [row] = await db.select().from(accounts).where(eq(accounts.username, username.toLowerCase())).limit(1);
  return row ?? null;
}

export async function findAccountById(db: Db, id: string): Promise<AccountRow | null> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id)).limit(1);
  return row ?? null;
}

export async function insertAccount(
  db: Db,
  input: { email: string | null; username?: string | null; firstName: string; lastName: string; passwordHash: string | null },
): Promise<AccountRow> {
  const [row] = await db
    .insert(accounts)
    .values({
      email: input.email,
      username: input.username?.toLowerCase() ?? null,
      firstName: input.firstName.trim(),
      lastName: input.lastName.trim(),
      passwordHash: input.passwordHash,
    })
    .returning();
  if (!row) throw new Error('account insert returned nothing');
  return row;
}

/** How a person is named to others: full name, else the address or username. */
export function displayName(account: Pick<AccountRow, 'firstName' | 'lastName' | 'email' | 'username'>): string {
  const name = `${account.firstName} ${account.lastName}`.trim();
  return name || account.email || account.username || 'Someone';
}
