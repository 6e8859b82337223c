import { domainToASCII } from 'node:url';

/** The WHATWG rule behind `<input type=email>`, applied after the domain is made ASCII. */
const HTML_EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const LOCAL_PART = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+$/;

export type ParsedAddress =
  | { readonly ok: true; readonly input: string; readonly email: string }
  | { readonly ok: false; readonly input: string; readonly reason: string };

/**
 * Validates one address as a browser's email field would, accepting internationalized
 * domains, and returns it folded to lower case with the domain in punycode.
 */
export function parseAddress(raw: string): ParsedAddress {
  const input = raw.trim();
  if (input === '') return { ok: false, input, reason: 'The address is empty.' };
  if (input.length > 254) return { ok: false, input, reason: 'The address is longer than 254 characters.' };
  const at = input.lastIndexOf('@');
  if (at === -1) return { ok: false, input, reason: 'The address has no "@".' };
  const local = input.slice(0, at);
  const domain = input.slice(at + 1);
  if (local === '') return { ok: false, input, reason: 'Nothing comes before the "@".' };
  if (!LOCAL_PART.test(local)) return { ok: false, input, reason: `The part before the "@" contains a character that is not allowed.` };
  if (domain === '') return { ok: false, input, reason: 'Nothing comes after the "@".' };
  const asciiDomain = domainToASCII(domain.toLowerCase());
  const email = `${local}@${asciiDomain}`.toLowerCase();
  if (asciiDomain === '' || !HTML_EMAIL.test(email)) {
    return { ok: false, input, reason: `"${domain}" is not a valid domain.` };
  }
  return { ok: true, input, email };
}

/** Folds for comparison without validating, e.g. to look up a sign-in name. */
export function foldIdentifier(value: string): string {
  const trimmed = value.trim();
  const at = trimmed.lastIndexOf('@');
  if (at === -1) return trimmed.toLowerCase();
  const domain = domainToASCII(trimmed.slice(at + 1).toLowerCase());
  return `${trimmed.slice(0, at)}@${domain || trimmed.slice(at + 1)}`.toLowerCase();
}
