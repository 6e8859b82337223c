import type { AuditEntry } from '../../../api/types';
import { roleLabel } from '../../../lib/roles';

export type AuditAction = AuditEntry['action'];

/** What an entry's sentence is made of: who acted, on whom, and the entry's details. */
interface Words {
  readonly who: string;
  readonly whom: string;
  readonly d: Record<string, unknown>;
}

const text = (value: unknown, fallback = ''): string => (typeof value === 'string' && value !== '' ? value : fallback);
const role = (value: unknown): string => roleLabel(text(value, 'learner')).toLowerCase();
const team = (d: Record<string, unknown>): string => `"${text(d.team, text(d.name, 'a team'))}"`;
const file = (d: Record<string, unknown>): string => `"${text(d.fileName, 'a file')}"`;
const count = (value: unknown, one: string, many: string): string =>
  typeof value === 'number' ? `${value.toLocaleString()} ${value === 1 ? one : many}` : many;
const way = (d: Record<string, unknown>): string => (d.importId ? ' from an import' : '');

/**
 * Every action of the log as a sentence (typed by the API's list of actions: one missing here
 * does not compile). Names come from the API once a person has accepted; before, their address.
 */
export const ACTION_SENTENCES: Record<AuditAction, { label: string; sentence: (w: Words) => string }> = {
  'org.created': { label: 'Organization created', sentence: ({ who, d }) => `${who} created the organization ${text(d.name)}` },
  'org.settings_changed': {
    label: 'Settings changed',
    sentence: ({ who, d }) => `${who} changed the settings (${Object.keys(d).join(', ') || 'no field'})`,
  },
  'org.plan_changed': { label: 'Plan changed', sentence: ({ who, d }) => `${who} changed the plan (${Object.keys(d).join(', ')})` },
  'org.plan_renewed': {
    label: 'Plan renewed',
    sentence: ({ who, d }) => `${who} renewed the plan until ${text(d.renewalDate, 'a new date')}`,
  },
  'org.plan_expired': { label: 'Plan expired', sentence: () => 'The plan ended: its renewal date passed' },
  'org.seats_requested': {
    label: 'More seats requested',
    sentence: ({ who, d }) =>
      `${who} asked the operator for ${typeof d.seats === 'number' ? d.seats.toLocaleString('en-US') : 'more'} seats`,
  },
  'invitation.sent': { label: 'Invitation sent', sentence: ({ who, whom, d }) => `${who} invited ${whom} as ${role(d.role)}${way(d)}` },
  'invitation.resent': { label: 'Invitation sent again', sentence: ({ who, whom }) => `${who} sent ${whom} their invitation again` },
  'invitation.cancelled': { label: 'Invitation cancelled', sentence: ({ who, whom }) => `${who} cancelled the invitation of ${whom}` },
  'invitation.accepted': { label: 'Invitation accepted', sentence: ({ whom }) => `${whom} accepted their invitation` },
  'invitation.expired': { label: 'Invitation expired', sentence: ({ whom }) => `The invitation of ${whom} expired` },
  'member.set_up': {
    label: 'User set up',
    sentence: ({ who, whom, d }) => `${who} set up an account for ${whom} as ${role(d.role)}${way(d)}`,
  },
  'member.readded': { label: 'Member added back', sentence: ({ who, whom, d }) => `${who} added ${whom} back as ${role(d.role)}` },
  'member.removed': { label: 'Member removed', sentence: ({ who, whom }) => `${who} removed ${whom} from the organization` },
  'member.role_changed': {
    label: 'Role changed',
    sentence: ({ who, whom, d }) => `${who} changed the role of ${whom} from ${role(d.from)} to ${role(d.to)}`,
  },
  'member.note_changed': {
    label: 'Private note changed',
    sentence: ({ who, whom, d }) => `${who} ${d.cleared ? 'cleared' : 'changed'} the private note about ${whom}`,
  },
  'member.profile_provisioned': {
    label: 'Profile updated by SCIM',
    sentence: ({ who, whom, d }) =>
      `${who} updated the profile of ${whom} from the identity provider${Array.isArray(d.changed) ? ` (${d.changed.join(', ')})` : ''}`,
  },
  'member.resources_handed_over': {
    label: 'Resources handed over',
    sentence: ({ whom, d }) => `What ${whom} owned went to ${text(d.to, 'an administrator')}`,
  },
  'person.erased': {
    label: 'Person erased',
    sentence: ({ who, d }) => `${who} erased the data of a person (now ${text(d.reference, 'a reference')})`,
  },
  'team.created': { label: 'Team created', sentence: ({ who, d }) => `${who} created the team ${team(d)}` },
  'team.renamed': { label: 'Team renamed', sentence: ({ who, d }) => `${who} renamed the team "${text(d.from)}" to "${text(d.to)}"` },
  'team.moved': {
    label: 'Team moved',
    sentence: ({ who, d }) => `${who} moved ${team(d)} ${d.toParent ? `inside "${text(d.toParent)}"` : 'to the top level'}`,
  },
  'team.visibility_changed': {
    label: 'Team visibility changed',
    sentence: ({ who, d }) => `${who} made ${team(d)} ${text(d.to, 'private')}`,
  },
  'team.deleted': { label: 'Team deleted', sentence: ({ who, d }) => `${who} deleted the team ${team(d)}` },
  'team.member_added': {
    label: 'Added to a team',
    sentence: ({ who, whom, d }) =>
      Array.isArray(d.teamIds)
        ? `${who} placed ${whom} in ${count(d.teamIds.length, 'team', 'teams')}${way(d)}`
        : `${who} added ${whom} to ${team(d)}`,
  },
  'team.member_removed': { label: 'Removed from a team', sentence: ({ who, whom, d }) => `${who} removed ${whom} from ${team(d)}` },
  'team.role_granted': {
    label: 'Team role given',
    sentence: ({ who, whom, d }) => `${who} made ${whom} ${role(d.role)} of ${team(d)}`,
  },
  'training.created': { label: 'Training added', sentence: ({ who, d }) => `${who} added the training "${text(d.title)}"` },
  'training.deleted': { label: 'Training deleted', sentence: ({ who, d }) => `${who} deleted the training "${text(d.title)}"` },
  'license.redeemed': { label: 'License assigned', sentence: ({ who, whom, d }) => `${who} gave ${whom} a "${text(d.addOn)}" license` },
  'license.returned': {
    label: 'License returned',
    sentence: ({ whom, d }) => `The "${text(d.addOn)}" license of ${whom} returned to the bank`,
  },
  'license.consumed': {
    label: 'License used up',
    sentence: ({ whom, d }) => `The "${text(d.addOn)}" license of ${whom} was used up when they left`,
  },
  'license.add_on_created': {
    label: 'Add-on license created',
    sentence: ({ who, d }) => `${who} created the add-on license "${text(d.name)}"`,
  },
  'license.add_on_changed': { label: 'Add-on license changed', sentence: ({ who }) => `${who} changed an add-on license` },
  'import.uploaded': { label: 'File uploaded', sentence: ({ who, d }) => `${who} uploaded ${file(d)} to import` },
  'import.started': {
    label: 'Import confirmed',
    sentence: ({ who, d }) => `${who} confirmed the import of ${file(d)} (${count(d.rows, 'row', 'rows')})`,
  },
  'import.completed': { label: 'Import finished', sentence: ({ d }) => `The import of ${file(d)} finished` },
  'export.users': {
    label: 'Members downloaded',
    sentence: ({ who, d }) => `${who} downloaded the members (${text(d.format, 'csv').toUpperCase()})`,
  },
  'export.audit_log': {
    label: 'Log downloaded',
    sentence: ({ who, d }) => `${who} downloaded this log (${text(d.format, 'csv').toUpperCase()})`,
  },
  'api_key.created': {
    label: 'API key created',
    sentence: ({ who, d }) => `${who} created the API key "${text(d.name)}" as ${role(d.role)}`,
  },
  'api_key.revoked': { label: 'API key revoked', sentence: ({ who, d }) => `${who} revoked the API key "${text(d.name)}"` },
  'webhook.endpoint_created': {
    label: 'Webhook added',
    sentence: ({ who, d }) => `${who} added a webhook to ${text(d.url, 'an address')}`,
  },
  'webhook.endpoint_changed': { label: 'Webhook changed', sentence: ({ who }) => `${who} changed a webhook` },
  'webhook.endpoint_deleted': {
    label: 'Webhook deleted',
    sentence: ({ who, d }) => `${who} deleted the webhook to ${text(d.url, 'an address')}`,
  },
  'webhook.secret_rotated': { label: 'Webhook secret rotated', sentence: ({ who }) => `${who} gave a webhook a new signing secret` },
  'webhook.redelivered': { label: 'Webhook sent again', sentence: ({ who }) => `${who} sent a webhook delivery again` },
  'link.created': {
    label: 'Sign-up link created',
    sentence: ({ who, d }) => `${who} created the sign-up link "${text(d.label, 'untitled')}"`,
  },
  'link.updated': {
    label: 'Sign-up link changed',
    sentence: ({ who, d }) => `${who} changed the sign-up link "${text(d.label, 'untitled')}"`,
  },
  'link.enabled': {
    label: 'Sign-up link turned on',
    sentence: ({ who, d }) => `${who} turned on the sign-up link "${text(d.label, 'untitled')}"`,
  },
  'link.disabled': {
    label: 'Sign-up link turned off',
    sentence: ({ who, d }) => `${who} turned off the sign-up link "${text(d.label, 'untitled')}"`,
  },
  'link.rotated': {
    label: 'Sign-up link replaced',
    sentence: ({ who, d }) => `${who} replaced the address of the sign-up link "${text(d.label, 'untitled')}"`,
  },
  'link.joined': { label: 'Joined by a link', sentence: ({ whom }) => `${whom} joined through a sign-up link` },
  'join_page.updated': { label: 'Join page changed', sentence: ({ who }) => `${who} changed the join page` },
  'join_page.enabled': { label: 'Join page turned on', sentence: ({ who }) => `${who} turned on the join page` },
  'join_page.disabled': { label: 'Join page turned off', sentence: ({ who }) => `${who} turned off the join page` },
  'join_page.joined': { label: 'Joined by the join page', sentence: ({ whom }) => `${whom} joined through the join page` },
  'join.requested': { label: 'Asked to join', sentence: ({ whom }) => `${whom} asked to join` },
  'join.request_received': { label: 'Request to join received', sentence: ({ whom }) => `${whom} asked to join` },
  'join.request_approved': { label: 'Request approved', sentence: ({ who, whom }) => `${who} let ${whom} in` },
  'join.request_declined': { label: 'Request declined', sentence: ({ who, whom }) => `${who} turned down the request of ${whom}` },
};

const FAMILIES: Record<string, string> = {
  org: 'Organization and plan',
  invitation: 'Invitations',
  member: 'Members',
  person: 'Erasure',
  team: 'Teams',
  training: 'Trainings',
  license: 'Licenses',
  import: 'Imports',
  export: 'Downloads',
  api_key: 'API keys',
  webhook: 'Webhooks',
  link: 'Sign-up links',
  join_page: 'Join page',
  join: 'Requests to join',
};

/** The action filter: every action, grouped by family, each family also choosable whole. */
export const ACTION_FILTER_GROUPS = Object.entries(FAMILIES).map(([family, name]) => ({
  group: name,
  items: [
    { value: family, label: `${name}: every action` },
    ...Object.entries(ACTION_SENTENCES)
      .filter(([action]) => action.slice(0, action.lastIndexOf('.')) === family)
      .map(([value, words]) => ({ value, label: words.label })),
  ],
}));

export const actionLabel = (action: AuditAction): string => ACTION_SENTENCES[action]?.label ?? 'Another change';

/** The entry as a sentence: "Grace Hopper removed Bob Stone from "EMEA"". */
export function auditSentence(entry: AuditEntry): string {
  const who = entry.actorName ?? (entry.actor === 'operator' ? 'The platform operator' : entry.actor === 'system' ? 'Roster' : entry.actor);
  const d = entry.data;
  const whom = entry.subjectName ?? text(d.email, text(d.member, text(d.username, 'someone')));
  const words = ACTION_SENTENCES[entry.action];
  return words ? `${words.sentence({ who, whom, d })}.` : `${who} made a change.`;
}

/** A day picked in the filter (local time) as the instant the API expects. */
export function dayStart(day: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  return new Date(`${day}T00:00:00`).toISOString();
}

export function dayEnd(day: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  return new Date(`${day}T23:59:59.999`).toISOString();
}
