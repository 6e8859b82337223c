/**
 * The events an endpoint can subscribe to: the audit log's vocabulary, as
 * `{ type, id, timestamp, data }`. Each audited change raises the events its action maps to
 * here, in the transaction of the change; documented with examples in docs/webhooks.md.
 */
export const EVENT_TYPES = [
  'invitation.created',
  'invitation.resent',
  'invitation.cancelled',
  'invitation.expired',
  'invitation.accepted',
  'member.joined',
  'member.activated',
  'member.role_changed',
  'member.removed',
  'member.readded',
  'team.created',
  'team.changed',
  'team.deleted',
  'team.member_added',
  'team.member_removed',
  'license.assigned',
  'license.released',
  'import.completed',
  'organization.settings_changed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Sent only by "send a test event", to one endpoint, whatever it subscribed to. */
export const TEST_EVENT = 'webhook.test';

export interface AuditLike {
  readonly action: string;
  readonly targetType?: string;
  readonly targetId?: string;
  readonly data?: Record<string, unknown>;
}

/** How a person came in, for `member.joined`. */
const wayIn = (entry: AuditLike, fallback: string): string =>
  typeof entry.data?.wayIn === 'string' ? entry.data.wayIn : entry.data?.importId ? 'import' : fallback;

/** The events an audit entry raises, each with its type and what it adds to the entry's data. */
export function eventsOf(entry: AuditLike): { type: EventType; extra?: Record<string, unknown> }[] {
  switch (entry.action) {
    case 'invitation.sent':
      return [{ type: 'invitation.created' }];
    case 'invitation.resent':
    case 'invitation.cancelled':
    case 'invitation.expired':
      return [{ type: entry.action }];
    case 'invitation.accepted':
      return [
        { type: 'invitation.accepted' },
        { type: 'member.joined', extra: { wayIn: wayIn(entry, 'invitation') } },
        { type: 'member.activated' },
      ];
    case 'member.set_up':
      return [{ type: 'member.joined', extra: { wayIn: wayIn(entry, 'set_up') } }, { type: 'member.activated' }];
    case 'member.activated':
    case 'member.joined':
      return [{ type: entry.action }];
    case 'member.role_changed':
    case 'member.removed':
    case 'member.readded':
    case 'team.created':
    case 'team.deleted':
    case 'team.member_added':
    case 'team.member_removed':
    case 'import.completed':
      return [{ type: entry.action }];
    case 'team.renamed':
    case 'team.moved':
    case 'team.visibility_changed':
      return [{ type: 'team.changed', extra: { change: entry.action.slice('team.'.length) } }];
    case 'team.role_granted':
      return [{ type: 'team.member_added' }];
    case 'license.redeemed':
      return [{ type: 'license.assigned' }];
    case 'license.returned':
    case 'license.consumed':
      return [{ type: 'license.released', extra: { consumed: entry.action === 'license.consumed' } }];
    case 'org.settings_changed':
      return [{ type: 'organization.settings_changed' }];
    default:
      return [];
  }
}
