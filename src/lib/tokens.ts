import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { randomBytesFromPool } from './random-pool.js';

/** 256 bits of randomness, URL-safe. */
export function newToken(): string {
  return randomBytesFromPool(32).toString('base64url');
}

/** Tokens are stored only as their SHA-256: a database leak yields no usable link. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A value derived from a secret, e.g. the CSRF token bound to a session token. */
export function deriveToken(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(purpose).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Tokens we hand out are 43 base64url characters; anything else is rejected before a lookup. */
export function looksLikeToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
