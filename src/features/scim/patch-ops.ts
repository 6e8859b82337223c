import { filter as matches } from 'scim2-parse-filter';
import { invalidPath, invalidSyntax, invalidValue, noTarget, tooMany } from './errors.js';
import { parseFilter } from './filter.js';
import { attributeKey, isObject, type Json } from './values.js';

/** One PATCH operation (RFC 7644 §3.5.2), its op folded to lower case ("Replace" is Entra's). */
export interface PatchOp {
  readonly op: 'add' | 'replace' | 'remove';
  /** Null: the value is an object of attributes (Okta sends that). */
  readonly path: string | null;
  readonly value: unknown;
}

export const MAX_OPERATIONS = 1000;

export function readPatch(body: unknown): PatchOp[] {
  if (!isObject(body)) throw invalidSyntax('The body must be a SCIM PatchOp object.');
  const list = Object.entries(body).find(([key]) => key.toLowerCase() === 'operations')?.[1];
  if (!Array.isArray(list) || list.length === 0) throw invalidSyntax('"Operations" must be a non-empty array of operations.');
  if (list.length > MAX_OPERATIONS) throw tooMany(`A PATCH holds at most ${MAX_OPERATIONS} operations; this one has ${list.length}.`);
  return list.map((raw, i) => {
    if (!isObject(raw)) throw invalidSyntax(`Operation ${i + 1} is not an object.`);
    const fields = new Map(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
    const op = typeof fields.get('op') === 'string' ? (fields.get('op') as string).trim().toLowerCase() : '';
    if (op !== 'add' && op !== 'replace' && op !== 'remove') {
      throw invalidSyntax(`Operation ${i + 1} has op ${JSON.stringify(fields.get('op'))}: it must be add, replace or remove.`);
    }
    const path = fields.get('path');
    if (path !== undefined && path !== null && (typeof path !== 'string' || path.trim() === '')) {
      throw invalidPath(`Operation ${i + 1} has a path that is not a string.`);
    }
    const value = fields.get('value');
    if (op !== 'remove' && value === undefined) throw invalidValue(`Operation ${i + 1} (${op}) has no value.`);
    if (!path && op === 'remove') throw noTarget(`Operation ${i + 1} removes without a path: say what to remove.`);
    if (!path && !isObject(value)) throw invalidValue(`Operation ${i + 1} has no path, so its value must be an object of attributes.`);
    return { op, path: typeof path === 'string' ? path.trim() : null, value };
  });
}

/** A path with a value filter: `emails[type eq "work"].value`, `members[value eq "…"]`. */
export interface FilteredPath {
  readonly attribute: string;
  readonly filter: string;
  readonly sub: string | null;
}

export function splitPath(path: string): FilteredPath | null {
  const match = /^([^[\]]+)\[(.+)\](?:\.([A-Za-z0-9_$-]+))?$/s.exec(path.trim());
  if (!match?.[1] || !match[2]) return null;
  return { attribute: attributeKey(match[1]), filter: match[2], sub: match[3] ? match[3].toLowerCase() : null };
}

/** Whether one small value (a person's one address) matches a path's filter: the library's evaluator. */
export function valueMatches(filterText: string, value: Json): boolean {
  return matches(parseFilter(filterText))(value);
}

/** Pairs the value of an operation with no path into (attribute, value) pairs, nested objects flattened one level. */
export function pathlessPairs(value: Json): [string, unknown][] {
  const pairs: [string, unknown][] = [];
  for (const [key, inner] of Object.entries(value)) pairs.push([attributeKey(key), inner]);
  return pairs;
}
