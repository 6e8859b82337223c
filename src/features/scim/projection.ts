import { attributeKey, isObject, type Json } from './values.js';

const ALWAYS = new Set(['schemas', 'id', 'meta']);

function listOf(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((part) => attributeKey(part))
    .filter((part) => part !== '');
}

/** The key of `object` whose folded form is `key`, if any. */
const keyOf = (object: Json, key: string): string | undefined => Object.keys(object).find((k) => attributeKey(k) === key);

/**
 * `attributes` and `excludedAttributes` (RFC 7644 §3.9) on a resource already read: what a page
 * shows, not which rows it holds. `id`, `schemas` and `meta` are always returned.
 */
export function project(resource: Json, attributes: string | undefined, excluded: string | undefined): Json {
  const wanted = listOf(attributes);
  if (wanted.length > 0) {
    const out: Json = {};
    for (const [key, value] of Object.entries(resource)) if (ALWAYS.has(key)) out[key] = value;
    for (const path of wanted) {
      const [head = '', sub] = path.split(/\.(.*)/s);
      const key = keyOf(resource, head);
      if (key === undefined) continue;
      const value = resource[key];
      if (sub && isObject(value)) {
        const inner = keyOf(value, sub);
        if (inner === undefined) continue;
        const target = isObject(out[key]) ? (out[key] as Json) : {};
        target[inner] = value[inner];
        out[key] = target;
      } else out[key] = value;
    }
    return out;
  }
  const drop = listOf(excluded);
  if (drop.length === 0) return resource;
  const out: Json = { ...resource };
  for (const path of drop) {
    const [head = '', sub] = path.split(/\.(.*)/s);
    const key = keyOf(out, head);
    if (key === undefined || ALWAYS.has(key)) continue;
    const value = out[key];
    if (sub && isObject(value)) {
      const inner = keyOf(value, sub);
      if (inner !== undefined) {
        const { [inner]: _gone, ...rest } = value;
        out[key] = rest;
      }
    } else delete out[key];
  }
  return out;
}

/**
 * Whether a top-level attribute is to be returned, decided before it is read: `members` of a
 * group are a statement of their own, skipped when `excludedAttributes=members` (or an
 * `attributes` list without them) says so.
 */
export function wants(attribute: string, attributes: string | undefined, excluded: string | undefined): boolean {
  const key = attributeKey(attribute);
  const head = (path: string) => path.split('.')[0];
  const wanted = listOf(attributes);
  if (wanted.length > 0) return wanted.some((path) => head(path) === key);
  return !listOf(excluded).includes(key);
}
