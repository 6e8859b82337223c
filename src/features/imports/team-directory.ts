import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { AppError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { cleanTeamName } from '../teams/team-name.js';

/** How a sheet names a team: by its path from the top ("Sales/EMEA/Paris") or, when unique, by its name. */
export type TeamLookup =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly kind: 'unknown' | 'ambiguous' | 'not_allowed'; readonly message: string };

/** A team the file names that does not exist yet: made when the import is confirmed, parents first. */
export interface NewTeam {
  readonly id: string;
  readonly name: string;
  /** An existing team, or a new one listed before it; null: top level. */
  readonly parentId: string | null;
  /** As a person reads it: "Sales/Nordics". */
  readonly path: string;
}

export interface TeamDirectory {
  find(written: string): TeamLookup;
  /** The teams to create, in the order they were first named (a parent before its children). */
  readonly newTeams: readonly NewTeam[];
}

/**
 * Whether the uploader may create a team under `parent` (null: the top level): null when they
 * may, else the sentence why not. Absent: unknown teams are refused, as before imports created any.
 */
export type MayCreateTeam = (parent: { readonly id: string; readonly name: string } | null) => string | null;

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
export async function loadTeamDirectory(db: Db, orgId: string, mayCreate?: MayCreateTeam): Promise<TeamDirectory> {
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
    const unknown = `There is no team "${written.trim()}" in this organization.`;
    return mayCreate ? plan(written, unknown, mayCreate) : { ok: false, kind: 'unknown', message: unknown };
  };
  const newTeams: NewTeam[] = [];
  const planned = new Set<string>();
  /**
   * A path whose last levels do not exist: they become new teams (ids chosen now, so rows carry
   * them from the preview on), when the uploader may create them under the deepest team that
   * exists. Later rows naming the same path find the planned team like any other.
   */
  const plan = (written: string, unknown: string, may: MayCreateTeam): TeamLookup => {
    const parts = written
      .split('/')
      .map((part) => part.trim())
      .filter((part) => part !== '');
    let parent: { id: string; name: string } | null = null;
    let level = 0;
    for (; level < parts.length; level += 1) {
      const id = byPath.get(pathKey(parts.slice(0, level + 1).join('/')));
      if (!id) break;
      parent = { id, name: parts[level] ?? '' };
    }
    // Under a team this file plans already, the uploader was allowed when it was planned.
    const refusal = parent && planned.has(parent.id) ? null : may(parent);
    if (refusal) return { ok: false, kind: 'not_allowed', message: `${unknown} ${refusal}` };
    let parentId = parent?.id ?? null;
    for (; level < parts.length; level += 1) {
      let name: string;
      try {
        name = cleanTeamName(parts[level] ?? '');
      } catch (error) {
        return { ok: false, kind: 'unknown', message: `${unknown} ${error instanceof AppError ? error.message : ''}`.trim() };
      }
      const id = newId();
      const path = parentId ? `${displayPath.get(parentId) ?? ''}/${name}` : name;
      byId.set(id, { id, name, parent_id: parentId });
      displayPath.set(id, path);
      pathOf.set(id, pathKey(path));
      byPath.set(pathKey(path), id);
      byName.set(fold(name), [...(byName.get(fold(name)) ?? []), id]);
      newTeams.push({ id, name, parentId, path });
      planned.add(id);
      parentId = id;
    }
    return parentId ? { ok: true, id: parentId } : { ok: false, kind: 'unknown', message: unknown };
  };
  return {
    newTeams,
    find(written) {
      const hit = cache.get(written);
      if (hit) return hit;
      const found = resolve(written);
      cache.set(written, found);
      return found;
    },
  };
}
