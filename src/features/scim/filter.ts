import { type SQL, sql } from 'drizzle-orm';
import { type Filter, parse } from 'scim2-parse-filter';
import { escapeLike } from '../../lib/like.js';
import { invalidFilter } from './errors.js';
import { attributeKey } from './values.js';

/**
 * What a filter may name, and the SQL each name stands for. Filters become one WHERE clause
 * (RFC 7644 §3.4.2.2): the organization is never read into Node to be filtered.
 */
export type FilterAttribute =
  /** `caseExact: false` compares in lower case; `eq` gives an indexable form of equality. */
  | { readonly type: 'string'; readonly expr: SQL; readonly caseExact?: boolean; readonly eq?: (value: string) => SQL }
  | { readonly type: 'boolean'; readonly expr: SQL }
  | { readonly type: 'dateTime'; readonly expr: SQL }
  /** A multi-valued complex attribute: `emails[type eq "work"]`, `emails.value`, or `emails` (its value). */
  | { readonly type: 'complex'; readonly sub: FilterAttributes; readonly value: FilterAttribute }
  /** Compared by equality only, through its own condition (group `members.value`). */
  | { readonly type: 'reference'; readonly eq: (value: string) => SQL };

export type FilterAttributes = Readonly<Record<string, FilterAttribute>>;

const MAX_FILTER_LENGTH = 4000;
const MAX_NODES = 100;

/** Parses a filter with scim2-parse-filter; its own error text is kept in the refusal. */
export function parseFilter(text: string): Filter {
  if (text.length > MAX_FILTER_LENGTH) throw invalidFilter(`The filter is longer than ${MAX_FILTER_LENGTH} characters.`);
  let tree: Filter;
  try {
    tree = parse(text);
  } catch (error) {
    throw invalidFilter(`The filter ${JSON.stringify(text)} cannot be read: ${(error as Error).message}.`);
  }
  let nodes = 0;
  const count = (node: Filter): void => {
    nodes += 1;
    if (nodes > MAX_NODES) throw invalidFilter(`The filter has more than ${MAX_NODES} parts.`);
    if (node.op === 'and' || node.op === 'or') node.filters.forEach(count);
    else if (node.op === 'not') count(node.filter);
    else if (node.op === '[]') count(node.valFilter);
  };
  count(tree);
  return tree;
}

/** The SQL condition a filter text stands for, over the given attributes. */
/** Whether the filter is one `eq` comparison of the attribute `key` (an identity provider's lookup before a create). */
export function isEqualityOn(text: string, key: string): boolean {
  const node = parseFilter(text);
  return node.op === 'eq' && attributeKey(node.attrPath) === key;
}

export function filterToSql(text: string, attributes: FilterAttributes): SQL {
  return toSql(parseFilter(text), attributes);
}

export function toSql(node: Filter, attributes: FilterAttributes): SQL {
  switch (node.op) {
    case 'and':
    case 'or': {
      const parts = node.filters.map((f) => sql`(${toSql(f, attributes)})`);
      return sql.join(parts, node.op === 'and' ? sql` and ` : sql` or `);
    }
    case 'not':
      // An unassigned attribute makes a comparison unknown; "not" of it must still hold.
      return sql`not coalesce((${toSql(node.filter, attributes)}), false)`;
    case '[]': {
      const attribute = resolve(node.attrPath, attributes);
      if (attribute.type !== 'complex') throw invalidFilter(`"${node.attrPath}" has no sub-attributes to filter on.`);
      return toSql(node.valFilter, attribute.sub);
    }
    case 'pr':
      return present(node.attrPath, resolve(node.attrPath, attributes));
    default:
      return compare(node.op, node.attrPath, resolve(node.attrPath, attributes), node.compValue);
  }
}

function resolve(path: string, attributes: FilterAttributes): FilterAttribute {
  const key = attributeKey(path);
  const direct = attributes[key];
  if (direct) return direct;
  const dot = key.lastIndexOf('.');
  if (dot > 0) {
    const parent = attributes[key.slice(0, dot)];
    const sub = parent?.type === 'complex' ? parent.sub[key.slice(dot + 1)] : undefined;
    if (sub) return sub;
  }
  throw invalidFilter(`The attribute "${path}" cannot be filtered on. Filterable: ${Object.keys(attributes).join(', ')}.`);
}

function present(path: string, attribute: FilterAttribute): SQL {
  switch (attribute.type) {
    case 'string':
      return sql`(${attribute.expr} is not null and ${attribute.expr} <> '')`;
    case 'boolean':
    case 'dateTime':
      return sql`(${attribute.expr} is not null)`;
    case 'complex':
      return present(path, attribute.value);
    case 'reference':
      throw invalidFilter(`"${path}" cannot be tested with "pr".`);
  }
}

type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'lt' | 'ge' | 'le';
const ORDER: Record<string, SQL> = { gt: sql`>`, ge: sql`>=`, lt: sql`<`, le: sql`<=` };

function compare(op: CompareOp, path: string, attribute: FilterAttribute, value: unknown): SQL {
  switch (attribute.type) {
    case 'complex':
      return compare(op, path, attribute.value, value);
    case 'reference':
      if (op !== 'eq' || typeof value !== 'string') throw invalidFilter(`"${path}" can only be compared with "eq" and a string.`);
      return attribute.eq(value);
    case 'boolean': {
      const wanted = typeof value === 'string' ? value.toLowerCase() : value;
      if ((op !== 'eq' && op !== 'ne') || (wanted !== true && wanted !== false && wanted !== 'true' && wanted !== 'false')) {
        throw invalidFilter(`"${path}" is a boolean: compare it with "eq" or "ne" and true or false.`);
      }
      const truth = wanted === true || wanted === 'true';
      return op === 'eq' ? sql`${attribute.expr} = ${truth}` : sql`${attribute.expr} <> ${truth}`;
    }
    case 'dateTime': {
      const at = typeof value === 'string' ? new Date(value) : null;
      if (!at || Number.isNaN(at.getTime()))
        throw invalidFilter(`"${path}" is a date and time: compare it with a value like "2026-01-31T12:00:00Z".`);
      const iso = at.toISOString();
      if (op === 'eq') return sql`${attribute.expr} = ${iso}::timestamptz`;
      if (op === 'ne') return sql`${attribute.expr} <> ${iso}::timestamptz`;
      const order = ORDER[op];
      if (!order) throw invalidFilter(`"${op}" does not apply to the date "${path}".`);
      return sql`${attribute.expr} ${order} ${iso}::timestamptz`;
    }
    case 'string': {
      if (typeof value !== 'string' && typeof value !== 'number') throw invalidFilter(`"${path}" is compared with a string.`);
      const text = String(value);
      if (op === 'eq' && attribute.eq) return attribute.eq(text);
      const exact = attribute.caseExact ?? false;
      const left = exact ? attribute.expr : sql`lower(${attribute.expr})`;
      const right = exact ? text : text.toLowerCase();
      switch (op) {
        case 'eq':
          return sql`${left} = ${right}`;
        case 'ne':
          return sql`(${attribute.expr} is null or ${left} <> ${right})`;
        case 'co':
          return sql`${left} like ${`%${escapeLike(right)}%`}`;
        case 'sw':
          return sql`${left} like ${`${escapeLike(right)}%`}`;
        case 'ew':
          return sql`${left} like ${`%${escapeLike(right)}`}`;
        default:
          return sql`${left} ${ORDER[op] ?? sql`=`} ${right}`;
      }
    }
  }
}
