import { newToken } from '../../lib/tokens.js';

/**
 * Every key starts with `rst_`, so secret scanners can recognise a leaked one; 256 random
 * bits follow (base64url), as for every token Roster hands out.
 */
export const API_KEY_PREFIX = 'rst_';

export function newApiKeySecret(): string {
  return `${API_KEY_PREFIX}${newToken()}`;
}

export const looksLikeApiKey = (value: string): boolean => /^rst_[A-Za-z0-9_-]{43}$/.test(value);

/** What lists show: enough to tell keys apart, far too little to guess the rest. */
export const secretPrefix = (secret: string): string => secret.slice(0, API_KEY_PREFIX.length + 8);
