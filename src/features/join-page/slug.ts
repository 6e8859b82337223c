import { AppError } from '../../lib/errors.js';

/** Words that name Roster's own pages or could pass for them; a join page may not take them. */
const RESERVED = new Set([
  'about',
  'account',
  'accounts',
  'admin',
  'administrator',
  'api',
  'app',
  'assets',
  'auth',
  'billing',
  'blog',
  'contact',
  'dashboard',
  'docs',
  'download',
  'help',
  'home',
  'invite',
  'invites',
  'join',
  'legal',
  'login',
  'logout',
  'me',
  'metrics',
  'new',
  'official',
  'operator',
  'org',
  'orgs',
  'outbox',
  'password',
  'privacy',
  'register',
  'reset',
  'roster',
  'root',
  'scim',
  'security',
  'settings',
  'signin',
  'signup',
  'static',
  'status',
  'support',
  'system',
  'terms',
  'test',
  'www',
]);

const SLUG = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;

/** Lower-cased; 3–40 letters, digits and single dashes; not a reserved word. Refusals name the rule. */
export function readSlug(typed: string): string {
  const slug = typed.trim().toLowerCase();
  const refuse = (message: string) => new AppError('validation_failed', message, { errors: [{ field: '/slug', message }] });
  if (!SLUG.test(slug) || slug.includes('--')) {
    throw refuse('A join page address is 3 to 40 letters, digits and single dashes, starting and ending with a letter or digit.');
  }
  if (RESERVED.has(slug)) throw refuse(`"${slug}" is reserved for Roster's own pages: choose another address.`);
  return slug;
}
