import { ScimError } from './errors.js';

/**
 * `If-Match` (RFC 7644 §3.14): a change goes ahead only on the version the caller last saw.
 * Weak and strong forms of the same tag are the same version here; "*" matches any.
 */
export function assertVersion(ifMatch: string | undefined, current: string): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = ifMatch.split(',').map(bare);
  if (!wanted.includes(bare(current))) {
    throw new ScimError(412, `The resource changed since version ${ifMatch}; its version is now ${current}. Read it again, then retry.`);
  }
}
