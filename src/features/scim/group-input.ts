import { invalidPath, invalidValue, mutability } from './errors.js';
import { type PatchOp, pathlessPairs, splitPath } from './patch-ops.js';
import { foldKeys, isObject, type Json, readText } from './values.js';

/** Attributes of a Group Roster does not keep: accepted and left aside. */
const IGNORED = new Set(['schemas', 'id', 'meta', 'externalid']);

/** The member ids a `members` value names: `[{ "value": "…" }]`, one object, or (Entra) bare ids. */
export function readMemberIds(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    const raw = isObject(item) ? foldKeys(item).get('value') : item;
    if (typeof raw !== 'string' || raw.trim() === '') throw invalidValue('Each member must have a "value": the id of a User.');
    return raw.trim();
  });
}

const readName = (value: unknown): string => {
  const name = readText(value, 'displayName', 400);
  if (!name) throw invalidValue('"displayName" is required: the name of the team.');
  return name;
};

/** A Group body (create, replace): attribute names in any case, with or without the schema's URN. */
export function readGroup(body: unknown): { displayName: string; members: string[] } {
  if (!isObject(body)) throw invalidValue('The body must be a SCIM Group object.');
  const fields = foldKeys(body);
  for (const key of fields.keys()) {
    if (key !== 'displayname' && key !== 'members' && !IGNORED.has(key)) throw invalidValue(`"${key}" is not an attribute of a Group.`);
  }
  return { displayName: readName(fields.get('displayname')), members: readMemberIds(fields.get('members')) };
}

/**
 * What a Group PATCH asks for, worked out without reading the members: a new name, and the
 * member changes in the order given. `replaceAll` sets the members to `add` exactly;
 * `removeWhere` are value filters (`members[value eq "…"]`) to match against the members in
 * SQL, each required to match someone (noTarget otherwise, RFC 7644 §3.5.2.2).
 */
export interface GroupPlan {
  displayName: string | null;
  replaceAll: boolean;
  add: Set<string>;
  remove: Set<string>;
  removeWhere: string[];
}

export function planGroupPatch(ops: readonly PatchOp[]): GroupPlan {
  const plan: GroupPlan = { displayName: null, replaceAll: false, add: new Set(), remove: new Set(), removeWhere: [] };
  const addMembers = (ids: string[]) => {
    for (const id of ids) {
      plan.add.add(id);
      plan.remove.delete(id);
    }
  };
  const removeMembers = (ids: string[]) => {
    for (const id of ids) {
      plan.remove.add(id);
      plan.add.delete(id);
    }
  };
  const replaceMembers = (ids: string[]) => {
    plan.replaceAll = true;
    plan.add = new Set(ids);
    plan.remove.clear();
    plan.removeWhere = [];
  };
  const setAttribute = (op: PatchOp['op'], key: string, value: unknown) => {
    switch (key) {
      case 'displayname':
        if (op === 'remove') throw mutability('"displayName" is required and cannot be removed.');
        plan.displayName = readName(value);
        return;
      case 'members':
      case 'members.value':
        if (op === 'add') addMembers(readMemberIds(value));
        else if (op === 'replace') replaceMembers(readMemberIds(value));
        // Remove with a list removes those (an empty list, nobody); with no value at all, everyone placed here.
        else if (value === undefined || value === null) replaceMembers([]);
        else removeMembers(readMemberIds(value));
        return;
      default:
        if (IGNORED.has(key)) return;
        throw invalidPath(`"${key}" is not an attribute of a Group.`);
    }
  };
  for (const op of ops) {
    if (op.path === null) {
      // Okta and Entra: no path, an object of attributes ("members" in it adds or replaces them).
      for (const [key, value] of pathlessPairs(op.value as Json)) setAttribute(op.op, key, value);
      continue;
    }
    const filtered = splitPath(op.path);
    if (filtered) {
      if (filtered.attribute !== 'members') throw invalidPath(`"${op.path}" is not a path Roster can follow on a Group.`);
      if (filtered.sub !== null) throw invalidPath(`"${op.path}": members have no part to change; add or remove the member.`);
      if (op.op !== 'remove') throw invalidPath(`"${op.path}" can only be removed; add members with the path "members".`);
      plan.removeWhere.push(filtered.filter);
      continue;
    }
    setAttribute(op.op, pathlessPairs({ [op.path]: null })[0]?.[0] ?? op.path.toLowerCase(), op.value);
  }
  return plan;
}
