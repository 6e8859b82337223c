import type { SQL } from 'drizzle-orm';
import { invalidValue } from './errors.js';
import { attributeKey } from './values.js';

/** Most resources one page holds (ServiceProviderConfig's `filter.maxResults`). */
export const MAX_RESULTS = 1000;
const DEFAULT_COUNT = 100;

export interface ListQuery {
  readonly filter?: string;
  readonly startIndex?: string;
  readonly count?: string;
  readonly sortBy?: string;
  readonly sortOrder?: string;
}

export interface Page {
  readonly filter: string | undefined;
  /** 1-based, as SCIM counts. */
  readonly startIndex: number;
  readonly count: number;
  readonly orderBy: SQL | undefined;
  readonly descending: boolean;
}

/** startIndex below 1 reads as 1, and a count above the maximum as the maximum (RFC 7644 §3.4.2.4). */
export function readPage(query: ListQuery, sortable: Readonly<Record<string, SQL>>): Page {
  const number = (raw: string | undefined, name: string, fallback: number): number => {
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value)) throw invalidValue(`"${name}" must be a whole number.`);
    return value;
  };
  const startIndex = Math.max(1, number(query.startIndex, 'startIndex', 1));
  const count = Math.min(MAX_RESULTS, Math.max(0, number(query.count, 'count', DEFAULT_COUNT)));
  let orderBy: SQL | undefined;
  if (query.sortBy) {
    orderBy = sortable[attributeKey(query.sortBy)];
    if (!orderBy) throw invalidValue(`Cannot sort by "${query.sortBy}". Sortable: ${Object.keys(sortable).join(', ')}.`);
  }
  const order = (query.sortOrder ?? 'ascending').toLowerCase();
  if (order !== 'ascending' && order !== 'descending') throw invalidValue('"sortOrder" must be ascending or descending.');
  return { filter: query.filter?.trim() || undefined, startIndex, count, orderBy, descending: order === 'descending' };
}

/**
 * One page of a list: `count=0` asks only how many match, and a first page that is not full
 * holds every match, so the second statement (the count) is needed only beyond it.
 */
export async function readList<T>(
  page: Page,
  find: (offset: number, limit: number) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<{ total: number; startIndex: number; records: T[] }> {
  const records = page.count === 0 ? [] : await find(page.startIndex - 1, page.count);
  const whole = page.startIndex === 1 && records.length < page.count;
  return { total: whole ? records.length : await count(), startIndex: page.startIndex, records };
}
