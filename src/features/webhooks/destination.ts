import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { AppError } from '../../lib/errors.js';

/**
 * Where webhooks may not go unless the operator allows it (ROSTER_WEBHOOK_ALLOW_PRIVATE):
 * loopback, private, shared, link-local (cloud metadata lives there), multicast and reserved
 * ranges, IPv4 and IPv6. Checked on the addresses a name resolves to, right before connecting,
 * so a name that resolves to one of them (or starts to) is refused too.
 */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b::', 96],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is. */
function normalize(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return { address: mapped[1], family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

export function isPrivateAddress(address: string): boolean {
  const { address: a, family } = normalize(address);
  return PRIVATE.check(a, family);
}

const isLoopbackHost = (hostname: string): boolean => {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 0) return false;
  const { address, family } = normalize(bare);
  return LOOPBACK.check(address, family);
};

/** Thrown when a destination is refused; its message is what the delivery log shows. */
export class DestinationRefused extends Error {}

/**
 * Checks an endpoint URL when it is saved: https, or plain http to loopback when the operator
 * allows private destinations; no credentials in it; an address written in the URL must not be
 * private unless allowed. Names are judged again, resolved, at each delivery.
 */
export function checkEndpointUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidUrl('The URL is not valid: write it in full, starting with https://.');
  }
  if (url.username || url.password)
    throw invalidUrl('The URL must not carry a user name or password: use the signing secret to trust Roster.');
  if (url.protocol === 'http:') {
    if (!(allowPrivate && isLoopbackHost(url.hostname))) {
      throw invalidUrl(
        allowPrivate
          ? 'Plain http is allowed only to this machine (localhost, 127.0.0.1, [::1]); use https.'
          : 'The URL must start with https://: webhooks carry personal data.',
      );
    }
    return url;
  }
  if (url.protocol !== 'https:') throw invalidUrl('The URL must start with https://.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (host === 'localhost' || (isIP(host) !== 0 && isPrivateAddress(host)))) {
    throw invalidUrl(`${host} is a private, loopback or link-local address: webhooks go to public addresses only.`);
  }
  return url;
}

const invalidUrl = (message: string) => new AppError('validation_failed', message, { errors: [{ field: '/url', message }] });

/**
 * A DNS lookup for the HTTP agent that refuses private addresses unless allowed: the check is
 * on the addresses the connection will use, after resolution, not on the name.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (refused) {
        return callback(
          new DestinationRefused(`${hostname} resolves to ${refused.address}, a private, loopback or link-local address: not sent.`),
          '',
          0,
        );
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new DestinationRefused(`${hostname} has no address.`), '', 0);
      return callback(null, first.address, first.family);
    });
  };
}

/** An address written in the URL is connected to without a lookup: judged here instead. */
export function refuseLiteralAddress(url: URL, allowPrivate: boolean): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(host) !== 0 && isPrivateAddress(host)) {
    throw new DestinationRefused(`${host} is a private, loopback or link-local address: not sent.`);
  }
}
