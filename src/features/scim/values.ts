import { invalidValue } from './errors.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const BULK_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const BULK_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An attribute path as Roster compares it: lower case (SCIM attribute names ignore case), with
 * the core schemas' URN prefix dropped and the enterprise one kept as `enterprise:`.
 */
export function attributeKey(path: string): string {
  const lower = path.trim().toLowerCase();
  for (const urn of [USER_SCHEMA, GROUP_SCHEMA]) {
    const prefix = `${urn.toLowerCase()}:`;
    if (lower.startsWith(prefix)) return lower.slice(prefix.length);
  }
  const enterprise = `${ENTERPRISE_SCHEMA.toLowerCase()}:`;
  if (lower.startsWith(enterprise)) return `enterprise:${lower.slice(enterprise.length)}`;
  if (lower === ENTERPRISE_SCHEMA.toLowerCase()) return 'enterprise';
  return lower;
}

/** The object's members with their keys folded by attributeKey (the last one wins on a clash). */
export function foldKeys(object: Json): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(object)) out.set(attributeKey(key), value);
  return out;
}

/** SCIM booleans, including the strings Microsoft Entra sends ("True", "False"). */
export function readBoolean(value: unknown, attribute: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  throw invalidValue(`"${attribute}" must be true or false, not ${JSON.stringify(value)}.`);
}

/** A string attribute, trimmed; null and "" clear it. */
export function readText(value: unknown, attribute: string, max = 200): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw invalidValue(`"${attribute}" must be a string.`);
  const trimmed = value.trim();
  if (trimmed.length > max) throw invalidValue(`"${attribute}" is longer than ${max} characters.`);
  return trimmed === '' ? null : trimmed;
}

/** The value of a PATCH operation or bulk field that must be an array of objects. */
export function readObjects(value: unknown, attribute: string): Json[] {
  const list = Array.isArray(value) ? value : [value];
  for (const item of list) if (!isObject(item)) throw invalidValue(`"${attribute}" must hold objects.`);
  return list as Json[];
}
