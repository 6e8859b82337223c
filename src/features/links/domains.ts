import { domainToASCII, domainToUnicode } from 'node:url';
import { AppError } from '../../lib/errors.js';
import { PUBLIC_EMAIL_DOMAINS } from './public-email-domains.js';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export const MAX_DOMAINS = 50;

/**
 * Reads the domains an admin typed for a link or the join page: case folded, IDN made ASCII
 * (punycode) so `bücher.de` and `xn--bcher-kva.de` are one domain, duplicates dropped.
 * `*.acme.com` stands for every subdomain of acme.com (not acme.com itself). Refuses, naming
 * the domain, anything that is not a domain of at least two labels, and — unless the
 * operator allowed it — a public email provider's domain.
 */
export function readDomains(raw: readonly string[], options: { field: string; publicAllowed: readonly string[] }): string[] {
  const out: string[] = [];
  raw.forEach((typed, index) => {
    const field = `${options.field}/${index}`;
    const trimmed = typed.trim().toLowerCase().replace(/^@/, '');
    const wildcard = trimmed.startsWith('*.');
    const ascii = domainToASCII(wildcard ? trimmed.slice(2) : trimmed);
    const labels = ascii.split('.');
    if (ascii === '' || labels.length < 2 || !labels.every((label) => LABEL.test(label)) || /^\d+$/.test(labels.at(-1) ?? '')) {
      throw new AppError('validation_failed', `"${typed}" is not a domain. Write it as acme.com, or *.acme.com for its subdomains.`, {
        errors: [{ field, message: 'is not a domain' }],
      });
    }
    if (PUBLIC_EMAIL_DOMAINS.has(ascii) && !options.publicAllowed.includes(ascii)) {
      throw new AppError(
        'validation_failed',
        `${ascii} is a public email provider: anyone can have an address there. Name your organization's own domain instead.`,
        { errors: [{ field, message: 'is a public email provider' }] },
      );
    }
    const domain = wildcard ? `*.${ascii}` : ascii;
    if (!out.includes(domain)) out.push(domain);
  });
  if (out.length > MAX_DOMAINS) {
    throw new AppError('validation_failed', `At most ${MAX_DOMAINS} domains.`, { errors: [{ field: options.field, message: 'too many' }] });
  }
  return out;
}

/** The domain part of a parsed (lower-case, punycode) address. */
export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/** Whether the address is in one of the domains; a subdomain matches only a `*.` entry. */
export function domainAllowed(email: string, domains: readonly string[]): boolean {
  const domain = domainOf(email);
  return domains.some((entry) => (entry.startsWith('*.') ? domain.endsWith(entry.slice(1)) : domain === entry));
}

/** "acme.com, acme.fr or any subdomain of acme.de": the domains as a visitor reads them. */
export function describeDomains(domains: readonly string[]): string {
  const words = domains.map((d) => (d.startsWith('*.') ? `any subdomain of ${domainToUnicode(d.slice(2))}` : domainToUnicode(d)));
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
