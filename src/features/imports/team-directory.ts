import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';

/** How a sheet names a team: by its path from the top ("Sales/EMEA/Paris") or, when unique, by its name. */
export type TeamLookup =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly kind: 'unknown' | 'ambiguous'; readonly message: string };

export interface TeamDirectory {
  find(written: string): TeamLookup;
}

const fold = (name: string): string => name.trim().toLowerCase().normalize('NFC');
const pathKey = (written: string): string =>
  written
    .split('/')
    .map(fold)
    .filter((part) => part !== '')
    .join('/');

/**
 * Reads the organization's whole tree once (a few thousand teams at most) so that each of
 * 200,000 rows resolves its teams from memory. Sibling names are unique regardless of case,
 * so a path names one team; a bare name may match several teams in different branches.
 */
export async function loadTeamDirectory(db: Db, orgId: string): Promise<TeamDirectory> {
  const rows = await queryRows<{ id: string; name: string; parent_id: string | null }>(
    db,
    sql`select id, name, parent_id from teams where org_id = ${orgId}`,
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const pathOf = new Map<string, string>();
  const displayPath = new Map<string, string>();
  const computePath = (id: string): string => {
    const known = pathOf.get(id);
    if (known !== undefined) return known;
    const names: string[] = [];
    let current = byId.get(id);
    // The tree has no cycles (moves refuse them); the bound is only a guard.
    for (let depth = 0; current && depth < 1000; depth += 1) {
      names.unshift(current.name);
      current = current.parent_id ? byId.get(current.parent_id) : undefined;
    }
    displayPath.set(id, names.join('/'));
    const key = pathKey(names.join('/'));
    pathOf.set(id, key);
    return key;
  };
  const byPath = new Map<string, string>();
  const byName = new Map<string, string[]>();
  for (const row of rows) {
    byPath.set(computePath(row.id), row.id);
    const name = fold(row.name);
    byName.set(name, [...(byName.get(name) ?? []), row.id]);
  }
  const cache = new Map<string, TeamLookup>();
  const resolve = (written: string): TeamLookup => {
    const key = pathKey(written);
    const exact = byPath.get(key);
    if (exact) return { ok: true, id: exact };
    if (!key.includes('/')) {
      const named = byName.get(key) ?? [];
      if (named.length === 1 && named[0]) return { ok: true, id: named[0] };
      if (named.length > 1) {
        const paths = named
          .map((id) => displayPath.get(id) ?? '')
          .sort()
          .slice(0, 3);
        return {
          ok: false,
          kind: 'ambiguous',
          message: `"${written.trim()}" names ${named.length} teams; write its path instead, such as "${paths.join('" or "')}".`,
        };
      }
    }
    return { ok: false, kind: 'unknown', message: `There is no team "${written.trim()}" in this organization.` };
  };
  return {
    find(written) {
      const hit = cache.get(written);
      if (hit) return hit;
      const found = resolve(written);
      cache.set(written, found);
      return found;
    },
  };
}
