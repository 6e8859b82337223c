// The server's own reader of pasted lists: what the dialog counts is what Roster will act on.
import { parseMailbox, parseMailboxList } from '../../../src/lib/mailbox-list';

/**
 * Splits pasted text the way Roster does (commas, semicolons, spaces or new lines; `Name
 * <address>` and `"Last, First" <address>` kept whole): one entry per address, as typed.
 */
export function splitAddresses(text: string): string[] {
  return parseMailboxList(text).map((entry) => entry.input);
}

/** The address an entry names, case folded: two spellings of one address are one person. */
export function addressKey(entry: string): string {
  return parseMailbox(entry).address.toLowerCase();
}

/** Distinct addresses, case folded, for the count shown before sending. */
export function countDistinct(entries: readonly string[]): number {
  return new Set(entries.map(addressKey)).size;
}
