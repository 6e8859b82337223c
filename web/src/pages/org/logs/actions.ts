/** Plain words for the audit log's action codes; unknown codes are shown as they are. */
export const ACTION_LABELS: Record<string, string> = {
  'org.created': 'Organization created',
  'org.settings_changed': 'Settings changed',
  'org.plan_changed': 'Plan changed',
  'org.plan_renewed': 'Plan renewed',
  'invitation.sent': 'Invitation sent',
  'invitation.resent': 'Invitation re-sent',
  'invitation.cancelled': 'Invitation cancelled',
  'invitation.accepted': 'Invitation accepted',
  'invitation.expired': 'Invitation expired',
  'member.set_up': 'User set up',
  'member.removed': 'Member removed',
  'member.readded': 'Member re-added',
  'member.role_changed': 'Role changed',
  'member.note_changed': 'Note changed',
};

/** Suggestions for the action filter: whole families first (a prefix matches all of them). */
export const ACTION_FILTERS = ['invitation', 'member', 'org', ...Object.keys(ACTION_LABELS)];

export const actionLabel = (action: string): string => ACTION_LABELS[action] ?? action;

/** "key: value" pairs of an entry's data, as text. */
export function describeData(data: Record<string, unknown>): string[] {
  return Object.entries(data).map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
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
