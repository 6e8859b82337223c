import { createHmac } from 'node:crypto';
import { randomBytesFromPool } from '../../lib/random-pool.js';

/** Standard Webhooks secrets: `whsec_` and 32 random bytes in base64; the bytes are the HMAC key. */
export function newSigningSecret(): string {
  return `whsec_${randomBytesFromPool(32).toString('base64')}`;
}

function sign(secret: string, content: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(content, 'utf8').digest('base64')}`;
}

/**
 * The three headers of the Standard Webhooks specification. While a rotated-out secret is
 * still valid, the request carries a signature by each (space-separated), so a receiver
 * verifying with either one accepts it.
 */
export function signedHeaders(input: {
  readonly id: string;
  readonly timestamp: Date;
  readonly body: string;
  readonly secrets: readonly string[];
}): Record<string, string> {
  const seconds = Math.floor(input.timestamp.getTime() / 1000);
  const content = `${input.id}.${seconds}.${input.body}`;
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(seconds),
    'webhook-signature': input.secrets.map((secret) => sign(secret, content)).join(' '),
  };
}
