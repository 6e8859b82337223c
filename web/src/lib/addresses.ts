/** Splits pasted text the way Roster does: commas, semicolons, spaces or new lines. */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Distinct addresses, case folded, for the count shown before sending. */
export function countDistinct(addresses: readonly string[]): number {
  return new Set(addresses.map((address) => address.toLowerCase())).size;
}
