import type { Services } from '../../services.js';
import type { Actor } from '../auth/actor.js';
import { createScimGroup } from './create-scim-group.js';
import { createScimUser } from './create-scim-user.js';
import { deleteScimGroup } from './delete-scim-group.js';
import { deleteScimUser } from './delete-scim-user.js';
import { errorBody, invalidSyntax, invalidValue, ScimError, toScimError } from './errors.js';
import { presentGroup } from './group-records.js';
import { patchScimGroup } from './patch-scim-group.js';
import { patchScimUser } from './patch-scim-user.js';
import { scimOrgOf } from './policy.js';
import { replaceScimGroup } from './replace-scim-group.js';
import { replaceScimUser } from './replace-scim-user.js';
import { presentUser } from './user-records.js';
import { BULK_RESPONSE_SCHEMA, foldKeys, isObject, type Json } from './values.js';

/** ServiceProviderConfig's `bulk` limits, enforced here (operations) and by the route's body limit (bytes). */
export const BULK_MAX_OPERATIONS = 1000;
export const BULK_MAX_PAYLOAD = 1_048_576;

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface BulkOperation {
  readonly method: Method;
  readonly path: string;
  readonly bulkId: string | null;
  readonly version: string | undefined;
  readonly data: unknown;
}

const REFERENCE = /^bulkId:(.+)$/;

function readOperations(body: unknown): { operations: BulkOperation[]; failOnErrors: number | null } {
  if (!isObject(body)) throw invalidSyntax('The body must be a SCIM BulkRequest object.');
  const fields = foldKeys(body);
  const list = fields.get('operations');
  if (!Array.isArray(list) || list.length === 0) throw invalidSyntax('"Operations" must be a non-empty array of operations.');
  if (list.length > BULK_MAX_OPERATIONS) {
    throw new ScimError(
      413,
      `A Bulk request holds at most ${BULK_MAX_OPERATIONS} operations (maxOperations); this one has ${list.length}.`,
      'tooMany',
    );
  }
  const fail = fields.get('failonerrors');
  if (fail !== undefined && fail !== null && (!Number.isInteger(fail) || (fail as number) < 1)) {
    throw invalidValue('"failOnErrors" must be a whole number of at least 1.');
  }
  const seen = new Set<string>();
  const operations = list.map((raw, i): BulkOperation => {
    if (!isObject(raw)) throw invalidSyntax(`Operation ${i + 1} is not an object.`);
    const op = foldKeys(raw);
    const method = String(op.get('method') ?? '').toUpperCase();
    if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH' && method !== 'DELETE') {
      throw invalidSyntax(`Operation ${i + 1} has method ${JSON.stringify(op.get('method'))}: it must be POST, PUT, PATCH or DELETE.`);
    }
    const path = op.get('path');
    if (typeof path !== 'string' || !path.startsWith('/')) throw invalidSyntax(`Operation ${i + 1} needs a "path" such as "/Users".`);
    const bulkId = op.get('bulkid');
    if (bulkId !== undefined && (typeof bulkId !== 'string' || bulkId === ''))
      throw invalidSyntax(`Operation ${i + 1} has a "bulkId" that is not a string.`);
    if (method === 'POST' && bulkId === undefined) throw invalidSyntax(`Operation ${i + 1} creates a resource: it needs a "bulkId".`);
    if (typeof bulkId === 'string') {
      if (seen.has(bulkId)) throw invalidSyntax(`The bulkId "${bulkId}" is used by two operations.`);
      seen.add(bulkId);
    }
    const version = op.get('version');
    return {
      method,
      path: path.trim(),
      bulkId: typeof bulkId === 'string' ? bulkId : null,
      version: typeof version === 'string' ? version : undefined,
      data: op.get('data'),
    };
  });
  return { operations, failOnErrors: typeof fail === 'number' ? fail : null };
}

/** Every `bulkId:x` an operation's path and data name. */
function referencesOf(op: BulkOperation): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const match = REFERENCE.exec(value);
      if (match?.[1]) found.add(match[1]);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) Object.values(value).forEach(visit);
  };
  for (const segment of op.path.split('/')) visit(segment);
  visit(op.data);
  return found;
}

function resolve(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    const match = REFERENCE.exec(value);
    return match?.[1] && ids.has(match[1]) ? ids.get(match[1]) : value;
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, ids));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, ids)]));
  return value;
}

interface Outcome {
  readonly status: number;
  readonly resource?: Json;
}

/** One operation, through the same use case as its own endpoint. */
async function perform(services: Services, actor: Actor, baseUrl: string, op: BulkOperation): Promise<Outcome> {
  const [, type, id, extra] = op.path.split('/');
  const kind = type?.toLowerCase();
  if ((kind !== 'users' && kind !== 'groups') || extra !== undefined) {
    throw new ScimError(400, `"${op.path}" is not a path Bulk can act on: use /Users, /Groups, or one of them by id.`, 'invalidPath');
  }
  if ((op.method === 'POST') !== (id === undefined || id === '')) {
    throw new ScimError(
      400,
      op.method === 'POST' ? 'POST goes to /Users or /Groups, without an id.' : `${op.method} needs the id of the resource in its path.`,
      'invalidPath',
    );
  }
  const target = id ?? '';
  const resource = RESOURCES[kind];
  if (op.method === 'DELETE') {
    await resource.remove(services, actor, target, op.version);
    return { status: 204 };
  }
  const made =
    op.method === 'POST'
      ? await resource.create(services, actor, op.data, baseUrl)
      : await resource[op.method === 'PUT' ? 'replace' : 'patch'](services, actor, target, op.data, op.version, baseUrl);
  return { status: op.method === 'POST' ? 201 : 200, resource: made };
}

type Change = (services: Services, actor: Actor, id: string, body: unknown, ifMatch: string | undefined, baseUrl: string) => Promise<Json>;

/** The use cases of each resource type, answering with the resource as its endpoint would. */
const RESOURCES: Record<
  'users' | 'groups',
  {
    create: (services: Services, actor: Actor, body: unknown, baseUrl: string) => Promise<Json>;
    replace: Change;
    patch: Change;
    remove: (services: Services, actor: Actor, id: string, ifMatch: string | undefined) => Promise<void>;
  }
> = {
  users: {
    create: async (s, a, body, base) => presentUser(await createScimUser(s, a, body), base),
    replace: async (s, a, id, body, ifMatch, base) => presentUser(await replaceScimUser(s, a, id, body, ifMatch), base),
    patch: async (s, a, id, body, ifMatch, base) => presentUser(await patchScimUser(s, a, id, body, ifMatch), base),
    remove: deleteScimUser,
  },
  groups: {
    create: async (s, a, body, base) => groupOf(await createScimGroup(s, a, body), base),
    replace: async (s, a, id, body, ifMatch, base) => groupOf(await replaceScimGroup(s, a, id, body, ifMatch), base),
    patch: async (s, a, id, body, ifMatch, base) => groupOf(await patchScimGroup(s, a, id, body, ifMatch), base),
    remove: deleteScimGroup,
  },
};

const groupOf = (group: { record: Parameters<typeof presentGroup>[0]; members: Parameters<typeof presentGroup>[1] }, base: string) =>
  presentGroup(group.record, group.members, base);

/**
 * POST /Bulk (RFC 7644 §3.7): each operation runs as its own request would — its own use case
 * and transaction — so one refused operation undoes only itself. `bulkId:x` in a path or in
 * data stands for the id the operation with that bulkId created; operations run in the order
 * given, except that one naming a bulkId created further down waits for it. An operation whose
 * reference failed, or a circle of references, is refused (409). After `failOnErrors` refusals
 * the rest is not run.
 */
export async function runScimBulk(services: Services, actor: Actor, body: unknown, baseUrl: string): Promise<Json> {
  scimOrgOf(actor);
  const { operations, failOnErrors } = readOperations(body);
  const defined = new Set(operations.flatMap((op) => (op.bulkId ? [op.bulkId] : [])));
  const created = new Map<string, string>();
  const failed = new Set<string>();
  const results: Json[] = [];
  let errors = 0;
  const pending = operations.map((op) => ({ op, refs: referencesOf(op) }));
  while (pending.length > 0 && (failOnErrors === null || errors < failOnErrors)) {
    // The first operation whose references are all settled (created, failed, or never defined).
    const index = pending.findIndex(({ refs }) => [...refs].every((ref) => created.has(ref) || failed.has(ref) || !defined.has(ref)));
    const [next] = pending.splice(Math.max(index, 0), 1);
    if (!next) break;
    const { op, refs } = next;
    const result: Json = { method: op.method, ...(op.bulkId ? { bulkId: op.bulkId } : {}) };
    try {
      const unresolved = [...refs].find((ref) => !created.has(ref));
      if (index < 0) throw new ScimError(409, 'These operations refer to each other in a circle: none can run first.', 'invalidValue');
      if (unresolved !== undefined) {
        throw new ScimError(
          409,
          defined.has(unresolved)
            ? `The operation with bulkId "${unresolved}" failed, so "bulkId:${unresolved}" has no id.`
            : `No operation of this request has the bulkId "${unresolved}".`,
          'invalidValue',
        );
      }
      const path = op.path
        .split('/')
        .map((segment) => resolve(segment, created))
        .join('/');
      const outcome = await perform(services, actor, baseUrl, { ...op, path, data: resolve(op.data, created) });
      const meta = outcome.resource?.meta as { location?: string; version?: string } | undefined;
      if (op.bulkId && outcome.resource && typeof outcome.resource.id === 'string') created.set(op.bulkId, outcome.resource.id);
      results.push({
        ...result,
        ...(meta?.location ? { location: meta.location } : {}),
        ...(meta?.version ? { version: meta.version } : {}),
        status: String(outcome.status),
      });
    } catch (error) {
      const scimError = toScimError(error) ?? new ScimError(500, 'Something went wrong on our side with this operation.');
      if (scimError.status >= 500) throw error;
      errors += 1;
      if (op.bulkId) failed.add(op.bulkId);
      results.push({ ...result, status: String(scimError.status), response: errorBody(scimError) });
    }
  }
  return { schemas: [BULK_RESPONSE_SCHEMA], Operations: results };
}
