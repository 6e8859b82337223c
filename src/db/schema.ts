/**
 * The relational model. Invariants live here, in the database: seat counts by check
 * constraint and conditional update, one pending invitation per (organization, email)
 * by partial unique index, foreign keys everywhere. Every tenant table carries org_id.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { EmailBody } from '../mail/render.js';

/** Time-ordered (UUID v7, see `lib/ids.ts`): new rows go to the right edge of every index on the id. */
const id = () => uuid('id').primaryKey().default(sql`uuid_v7()`);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const at = (name: string) => timestamp(name, { withTimezone: true });

export const accounts = pgTable(
  'accounts',
  {
    id: id(),
    /** Lower-cased, IDN domain in punycode. */
    email: text('email'),
    /** Lower-cased; for people without an email address. */
    username: text('username'),
    firstName: text('first_name').notNull().default(''),
    lastName: text('last_name').notNull().default(''),
    passwordHash: text('password_hash'),
    /** IANA zone the person reads times in; null: their browser's. */
    timeZone: text('time_zone'),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('accounts_email_key').on(t.email).where(sql`${t.email} is not null`),
    uniqueIndex('accounts_username_key').on(t.username).where(sql`${t.username} is not null`),
    check('accounts_identity', sql`${t.email} is not null or ${t.username} is not null`),
    check('accounts_status', sql`${t.status} in ('active', 'disabled')`),
  ],
);

export const organizations = pgTable(
  'organizations',
  {
    id: id(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    kind: text('kind', { enum: ['trial', 'paid'] }).notNull(),
    seats: integer('seats').notNull(),
    seatsUsed: integer('seats_used').notNull().default(0),
    renewalDate: date('renewal_date'),
    /** Null means invitations never expire. */
    invitationExpiryDays: integer('invitation_expiry_days').default(45),
    emailNote: text('email_note'),
    emailSenderName: text('email_sender_name'),
    /** Every invitation must name at least one team. */
    requireTeam: boolean('require_team').notNull().default(false),
    /** Public email providers' domains the platform operator lets this organization's links name (R-13). */
    publicDomainsAllowed: text('public_domains_allowed').array().notNull().default(sql`'{}'::text[]`),
    /** Pending invitations hold a seat until accepted, cancelled or expired. */
    reserveSeatAtInvite: boolean('reserve_seat_at_invite').notNull().default(false),
    /** People provisioned over SCIM are emailed a set-password link (off: they sign in another way). */
    scimPasswordLinks: boolean('scim_password_links').notNull().default(true),
    maxMembers: integer('max_members').notNull().default(200_000),
    /** IANA zone that session times are shown and mailed in. */
    timeZone: text('time_zone').notNull().default('UTC'),
    /** Where learners learn: after accepting they are sent on there; null: "My learning". */
    learningPlatformName: text('learning_platform_name'),
    learningPlatformUrl: text('learning_platform_url'),
    /** Days after removal before a person's data is erased; null: never. */
    retentionDays: integer('retention_days').default(365),
    /** Set when the renewal date passed without renewal and the plan's members were let go. */
    planEndedAt: at('plan_ended_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('organizations_slug_key').on(t.slug),
    check('organizations_kind', sql`${t.kind} in ('trial', 'paid')`),
    check('organizations_seats', sql`${t.seatsUsed} >= 0 and ${t.seatsUsed} <= ${t.seats}`),
    check('organizations_expiry', sql`${t.invitationExpiryDays} is null or ${t.invitationExpiryDays} between 1 and 3650`),
    check(
      'organizations_learning_platform',
      sql`(${t.learningPlatformUrl} is null) = (${t.learningPlatformName} is null) and (${t.learningPlatformUrl} is null or ${t.learningPlatformUrl} ~ '^https?://')`,
    ),
    check('organizations_retention', sql`${t.retentionDays} is null or ${t.retentionDays} between 1 and 36500`),
  ],
);

export const ROLES = ['learner', 'manager', 'user_admin', 'admin'] as const;

/** Ways in. */
export const MEMBERSHIP_SOURCES = ['invitation', 'setup', 'import', 'link', 'join_page', 'scim', 'api_key'] as const;
export type MembershipSource = (typeof MEMBERSHIP_SOURCES)[number];
export type Role = (typeof ROLES)[number];

/** A person as the identity provider described them over SCIM. */
export interface ScimProfile {
  readonly userName: string;
  readonly givenName: string | null;
  readonly familyName: string | null;
}

/**
 * A person's place in an organization. Created at invitation time (status `invited`,
 * no account linked yet, so the organization sees only the typed address: R-6), linked
 * to an account on acceptance or set-up.
 */
export const memberships = pgTable(
  'memberships',
  {
    id: id(),
    // Its organization is a key checked once per statement, not per row (decision 0011).
    orgId: uuid('org_id').notNull(),
    accountId: uuid('account_id').references(() => accounts.id),
    /** The address the organization typed, or the account's at set-up. */
    email: text('email'),
    role: text('role', { enum: ROLES }).notNull(),
    status: text('status', { enum: ['invited', 'active', 'removed'] }).notNull(),
    note: text('note'),
    currentInvitationId: uuid('current_invitation_id'),
    invitedAt: at('invited_at'),
    invitedBy: uuid('invited_by').references(() => accounts.id),
    remindedAt: at('reminded_at'),
    remindedBy: uuid('reminded_by').references(() => accounts.id),
    activatedAt: at('activated_at'),
    removedAt: at('removed_at'),
    termsVersion: text('terms_version'),
    termsAcceptedAt: at('terms_accepted_at'),
    /** How the person came in; `source_id` names the link or the import. */
    source: text('source', { enum: MEMBERSHIP_SOURCES }).notNull().default('invitation'),
    sourceId: uuid('source_id'),
    /** Set when the person's data was erased: on request, or by the retention period. */
    erasedAt: at('erased_at'),
    /** The identity provider's own id for the person (SCIM `externalId`, R-16). */
    scimExternalId: text('scim_external_id'),
    /**
     * What the identity provider said of the person (`userName` in its letter case, names),
     * kept on the membership: an existing account's own profile stays private.
     */
    scimProfile: jsonb('scim_profile').$type<ScimProfile>(),
    /** Last change made over SCIM: part of `meta.lastModified`. */
    scimUpdatedAt: at('scim_updated_at'),
    createdAt: createdAt(),
  },
  (t) => [
    // SCIM `externalId eq "…"` (identity providers match people by it).
    index('memberships_org_scim_external_idx').on(t.orgId, t.scimExternalId).where(sql`${t.scimExternalId} is not null`),
    uniqueIndex('memberships_org_account_key').on(t.orgId, t.accountId).where(sql`${t.accountId} is not null`),
    uniqueIndex('memberships_org_email_key').on(t.orgId, t.email).where(sql`${t.email} is not null`),
    index('memberships_org_created_idx').on(t.orgId, t.createdAt.desc(), t.id.desc()),
    index('memberships_org_status_created_idx').on(t.orgId, t.status, t.createdAt.desc(), t.id.desc()),
    // The members view filtered by a role other than learner (admins, managers: a few among
    // many). Learners, most rows, stay out of it: an invitation or import writes no entry here.
    index('memberships_org_staff_created_idx').on(t.orgId, t.role, t.createdAt.desc(), t.id.desc()).where(sql`${t.role} <> 'learner'`),
    // Invited people have no account yet: their rows stay out of it (an import adds 200,000).
    index('memberships_account_idx').on(t.accountId).where(sql`${t.accountId} is not null`),
    // Sorting the members list by address (keyset on the coalesced email, then id).
    index('memberships_org_email_sort_idx').on(t.orgId, sql`coalesce(${t.email}, '')`, t.id),
    // SCIM's Users, in id order: identity providers page through them all by offset
    // (startIndex), and each page was a sort of the organization. Invited people, who are not
    // Users, stay out of it: an invitation or an import of them writes no entry here.
    index('memberships_org_scim_users_idx').on(t.orgId, t.id).where(sql`${t.status} in ('active', 'removed') and ${t.erasedAt} is null`),
    // People who asked to join through a link or the join page: invited, with the account they
    // proved their address with (and people invited again after leaving, few). An invitation or
    // an import of new people writes no entry here: the requested tab reads a few entries, not
    // every invited person.
    index('memberships_org_invited_accounts_idx')
      .on(t.orgId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.status} = 'invited' and ${t.accountId} is not null`),
    // How many of an organization's people were erased: SCIM's count of Users is the kept
    // counts less these. Only erasures write an entry.
    index('memberships_org_erased_idx').on(t.orgId).where(sql`${t.erasedAt} is not null`),
    // The retention sweep's walk: removed people not yet erased, oldest removal first.
    index('memberships_retention_idx').on(t.removedAt).where(sql`${t.status} = 'removed' and ${t.erasedAt} is null`),
    check('memberships_role', sql`${t.role} in ('learner', 'manager', 'user_admin', 'admin')`),
    check('memberships_status', sql`${t.status} in ('invited', 'active', 'removed')`),
    check('memberships_active_has_account', sql`${t.status} <> 'active' or ${t.accountId} is not null`),
    check('memberships_source', sql`${t.source} in ('invitation', 'setup', 'import', 'link', 'join_page', 'scim', 'api_key')`),
    // The members view filtered by way in, newest first.
    index('memberships_org_source_created_idx').on(t.orgId, t.source, t.createdAt.desc(), t.id.desc()),
  ],
);

export const INVITATION_STATUSES = ['pending', 'accepted', 'cancelled', 'expired', 'superseded'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    // No key to the organization: an invitation goes with its membership, which goes with it
    // (one check less per row of an import, decision 0010). The membership is a key checked
    // once per statement (decision 0011).
    orgId: uuid('org_id').notNull(),
    membershipId: uuid('membership_id').notNull(),
    email: text('email').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    /** SHA-256 of the link token, hex. The token itself is never stored. */
    tokenHash: text('token_hash').notNull(),
    status: text('status', { enum: INVITATION_STATUSES }).notNull().default('pending'),
    message: text('message'),
    /** The name the inviter gave (an import's row): it fills in the acceptance form. */
    firstName: text('first_name'),
    lastName: text('last_name'),
    /** Null: sent by the platform operator. */
    invitedBy: uuid('invited_by').references(() => accounts.id),
    /** Set when this invitation is a reminder that superseded an earlier one. */
    previousId: uuid('previous_id'),
    expiresAt: at('expires_at'),
    /** Set when the organization reserves seats at invitation and this one holds a seat. */
    holdsSeat: boolean('holds_seat').notNull().default(false),
    acceptedAt: at('accepted_at'),
    cancelledAt: at('cancelled_at'),
    cancelledBy: uuid('cancelled_by').references(() => accounts.id),
    /**
     * Set when a shareable link or the join page issued this invitation: it works
     * only while that way in is open, and for a link only under the key it was sent from
     * (`way_in_generation`, bumped by a rotation). A tag, like `team_members.invitation_id`.
     */
    via: text('via', { enum: ['link', 'join_page'] }),
    linkId: uuid('link_id'),
    wayInGeneration: integer('way_in_generation'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
    uniqueIndex('invitations_one_pending_key').on(t.orgId, t.email).where(sql`${t.status} = 'pending'`),
    index('invitations_org_status_created_idx').on(t.orgId, t.status, t.createdAt.desc(), t.id.desc()),
    index('invitations_membership_idx').on(t.membershipId),
    index('invitations_org_created_idx').on(t.orgId, t.createdAt.desc(), t.id.desc()),
    // Pending invitations past their expiry that the sweep has not marked yet: the few the kept counts correct for (decision 0017).
    index('invitations_org_pending_expiry_idx').on(t.orgId, t.expiresAt).where(sql`${t.status} = 'pending'`),
    // The dashboard's funnel and time to accept (GET …/stats): each count is a range of one of
    // these, the events of the weeks shown, never a pass over the organization's invitations.
    index('invitations_org_sent_idx').on(t.orgId, t.createdAt).where(sql`${t.previousId} is null`),
    index('invitations_org_accepted_idx').on(t.orgId, t.acceptedAt, t.createdAt).where(sql`${t.acceptedAt} is not null`),
    index('invitations_org_cancelled_idx').on(t.orgId, t.cancelledAt).where(sql`${t.cancelledAt} is not null`),
    index('invitations_org_expiring_idx').on(t.orgId, t.expiresAt).where(sql`${t.status} in ('pending', 'expired')`),
    check('invitations_status', sql`${t.status} in ('pending', 'accepted', 'cancelled', 'expired', 'superseded')`),
    check('invitations_via', sql`${t.via} is null or ${t.via} in ('link', 'join_page')`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    expiresAt: at('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('sessions_token_hash_key').on(t.tokenHash), index('sessions_account_idx').on(t.accountId)],
);

/** Single-use links to choose a password: after set-up or a reset request. */
export const passwordTokens = pgTable(
  'password_tokens',
  {
    id: id(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    purpose: text('purpose', { enum: ['setup', 'reset'] }).notNull(),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('password_tokens_token_hash_key').on(t.tokenHash)],
);

/** Append-only (a trigger refuses UPDATE and DELETE). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // A key checked once per statement (decision 0011).
    orgId: uuid('org_id'),
    actorAccountId: uuid('actor_account_id'),
    /** How the actor is shown: an email, "operator", "system". Kept so the log reads without joins. */
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_org_created_idx').on(t.orgId, t.createdAt.desc(), t.id.desc()),
    index('audit_log_org_action_idx').on(t.orgId, t.action, t.createdAt.desc()),
  ],
);

/** When each member becomes billable and stops being so. */
export const billingEvents = pgTable(
  'billing_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['start', 'stop'] }).notNull(),
    reason: text('reason').notNull(),
    at: at('at').notNull().defaultNow(),
  },
  // With kind in the index, the dashboard's seat series sums events from the index alone.
  (t) => [index('billing_events_org_at_idx').on(t.orgId, t.at, t.kind)],
);

export const EMAIL_STATUSES = ['queued', 'sent', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/**
 * Every email Roster sends, with its delivery state. In embedded mode without
 * SMTP this table is also the local outbox the web app shows; with SMTP, bodies are
 * cleared once delivered because they carry single-use links.
 */
export const emails = pgTable(
  'emails',
  {
    id: id(),
    // Keys checked once per statement (decision 0011).
    orgId: uuid('org_id'),
    membershipId: uuid('membership_id'),
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    fromName: text('from_name'),
    subject: text('subject').notNull(),
    html: text('html'),
    text: text('text'),
    /** What bulk emails (an import's invitations) keep instead of html and text: rendered when sent. */
    body: jsonb('body').$type<EmailBody>(),
    status: text('status', { enum: EMAIL_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    transport: text('transport'),
    messageId: text('message_id'),
    sentAt: at('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('emails_org_membership_idx').on(t.orgId, t.membershipId, t.createdAt.desc()),
    // The outbox's order, newest first: the id breaks ties (a statement's emails share their
    // time), so a page reads its rows off the index instead of sorting every email.
    index('emails_created_idx').on(t.createdAt.desc(), t.id.desc()),
    // Failed emails by week on the dashboard: a range of the few failures, not of all mail.
    index('emails_org_failed_idx').on(t.orgId, t.createdAt).where(sql`${t.status} = 'failed'`),
  ],
);

/** A durable job queue on the same database: written in the use case's transaction. */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['queued', 'running', 'done', 'failed'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(10),
    runAt: at('run_at').notNull().defaultNow(),
    /** 0: someone is waiting for it (a sign-in link, one invitation); 1: bulk (an import's mail), run after. */
    priority: smallint('priority').notNull().default(0),
    lockedUntil: at('locked_until'),
    /** The instance running it (host, process and a random part), while it runs and after. */
    lockedBy: text('locked_by'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    finishedAt: at('finished_at'),
  },
  (t) => [
    // Each worker claims its own kinds in order, bulk after the rest: an index walk that stops
    // after a batch, however many jobs wait (200,000 emails after an import).
    index('jobs_queued_idx').on(t.kind, t.priority, t.runAt, t.id).where(sql`${t.status} = 'queued'`),
    index('jobs_running_idx').on(t.kind, t.lockedUntil).where(sql`${t.status} = 'running'`),
  ],
);

/**
 * Periodic work (sweeps, pruning), declared in `src/jobs/definitions.ts`. An instance runs a
 * task only after moving its `next_run_at` on with a conditional update, so one instance runs
 * it per period however many poll.
 */
export const periodicTasks = pgTable('periodic_tasks', {
  name: text('name').primaryKey(),
  nextRunAt: at('next_run_at').notNull().defaultNow(),
  lastStartedAt: at('last_started_at'),
  lastFinishedAt: at('last_finished_at'),
  lastRunBy: text('last_run_by'),
  lastError: text('last_error'),
});

/**
 * Fixed-window counters shared by every instance. Unlogged (decision 0023): emptied by crash
 * recovery, and a hit's commit does not wait for the disk. `refused`: the last hit did not fit,
 * and was not counted.
 */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: at('window_start').notNull(),
  hits: integer('hits').notNull(),
  refused: boolean('refused').notNull().default(false),
});

export const TEAM_VISIBILITIES = ['public', 'private'] as const;

/** Teams (groups) form a tree per organization. */
export const teams = pgTable(
  'teams',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    // NO ACTION (checked at the end of the statement): a team with children cannot be deleted, while deleting the organization still cascades.
    parentId: uuid('parent_id').references((): AnyPgColumn => teams.id),
    name: text('name').notNull(),
    visibility: text('visibility', { enum: TEAM_VISIBILITIES }).notNull(),
    /** Who owns it (its creator, or the admin it was handed to when they left: R-19). */
    ownerMembershipId: uuid('owner_membership_id').references(() => memberships.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('teams_sibling_name_key').on(
      t.orgId,
      sql`coalesce(${t.parentId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      sql`lower(${t.name})`,
    ),
    index('teams_org_parent_idx').on(t.orgId, t.parentId),
    check('teams_visibility', sql`${t.visibility} in ('public', 'private')`),
    check('teams_name_length', sql`char_length(${t.name}) between 2 and 200`),
    check('teams_not_own_parent', sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
  ],
);

/**
 * Counts the screens show, kept as rows change (decision 0017): people per members-page tab
 * (`tally` = active, removed, pending, requested, cancelled, expired) for the whole
 * organization (`team_id` = the zero uuid) and for each team they are in (placed or holding a
 * team role), and pending invitations (`invitations_pending`, organization only). Written
 * only by triggers on memberships, invitations, team_members and team_roles, so every writer
 * keeps them right; a person's row is spread over `shard`s (by transaction) so that
 * concurrent writers of one organization rarely wait on one row. A tally is the sum over its
 * shards. No key to the organization: deleting one cascades into the tables whose triggers
 * write here; the drift check drops rows of organizations that are gone.
 */
export const memberCounts = pgTable(
  'member_counts',
  {
    orgId: uuid('org_id').notNull(),
    teamId: uuid('team_id').notNull(),
    tally: text('tally').notNull(),
    shard: smallint('shard').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.teamId, t.tally, t.shard] })],
);

/**
 * A learner's place in a team. Each row remembers the team where the person was added
 * directly (`origin_team_id`): adding to a public team also writes rows for its ancestors up
 * to the first private one, and taking the person out of that team deletes exactly the rows
 * with that origin, never rows another addition made. `invitation_id` marks rows an
 * invitation made, so cancelling it can undo them.
 */
export const teamMembers = pgTable(
  'team_members',
  {
    // The one table an import writes two or three rows per person into, so it checks one key
    // (decision 0010): its team, once per statement (decision 0011), along which deleting a team
    // or the organization cascades. The rest is kept by the code: `placeEachInTeams`, the only writer, places only memberships
    // it finds in the organization; memberships are never deleted on their own (people leave
    // by status), and whoever would delete one must take its rows out first; an origin team is
    // deleted only empty (`deleteTeam` takes leftover rows); `invitation_id` is a tag for
    // undoing an invitation's placements, and invitations are never deleted on their own.
    orgId: uuid('org_id').notNull(),
    teamId: uuid('team_id').notNull(),
    membershipId: uuid('membership_id').notNull(),
    originTeamId: uuid('origin_team_id').notNull(),
    invitationId: uuid('invitation_id'),
    createdAt: createdAt(),
  },
  (t) => [
    // Led by the organization, as every query is: a team's members (and their count, index
    // only) come straight from the key, with no second index to write for each placement.
    primaryKey({ columns: [t.orgId, t.teamId, t.membershipId, t.originTeamId] }),
    // A person's placements; deleting a team finds the rows it put into its ancestors through
    // the people in it (no index on the origin: one entry less per placement, decision 0011).
    index('team_members_membership_idx').on(t.membershipId),
  ],
);

export const TEAM_ROLES = ['manager', 'user_admin'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** Managers and user admins act on their team and every team below it. */
export const teamRoles = pgTable(
  'team_roles',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    role: text('role', { enum: TEAM_ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.membershipId] }),
    index('team_roles_membership_idx').on(t.membershipId),
    check('team_roles_role', sql`${t.role} in ('manager', 'user_admin')`),
  ],
);

export const TRAINING_KINDS = ['course', 'path', 'session'] as const;

/** What a team carries: assigned to each person who becomes active in it. */
export const trainings = pgTable(
  'trainings',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: TRAINING_KINDS }).notNull(),
    title: text('title').notNull(),
    /** Scheduled sessions only. */
    startsAt: at('starts_at'),
    location: text('location'),
    ownerMembershipId: uuid('owner_membership_id').references(() => memberships.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('trainings_org_team_idx').on(t.orgId, t.teamId),
    check('trainings_kind', sql`${t.kind} in ('course', 'path', 'session')`),
    check('trainings_session_date', sql`${t.kind} <> 'session' or ${t.startsAt} is not null`),
    check('trainings_title_length', sql`char_length(${t.title}) between 1 and 300`),
  ],
);

/** A training assigned to a person, once. */
export const trainingAssignments = pgTable(
  'training_assignments',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    trainingId: uuid('training_id')
      .notNull()
      .references(() => trainings.id, { onDelete: 'cascade' }),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    assignedAt: at('assigned_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.trainingId, t.membershipId] }), index('training_assignments_membership_idx').on(t.membershipId)],
);

/** Add-on licenses on top of seats, e.g. a certification. */
export const addOnLicenses = pgTable(
  'add_on_licenses',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    total: integer('total').notNull(),
    used: integer('used').notNull().default(0),
    /** Non-transferable licenses whose holder left: gone for good. */
    consumed: integer('consumed').notNull().default(0),
    transferable: boolean('transferable').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('add_on_licenses_org_name_key').on(t.orgId, sql`lower(${t.name})`),
    check('add_on_licenses_counts', sql`${t.used} >= 0 and ${t.consumed} >= 0 and ${t.used} + ${t.consumed} <= ${t.total}`),
  ],
);

export const addOnAssignments = pgTable(
  'add_on_assignments',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    addOnId: uuid('add_on_id')
      .notNull()
      .references(() => addOnLicenses.id, { onDelete: 'cascade' }),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    assignedAt: at('assigned_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.addOnId, t.membershipId] }), index('add_on_assignments_membership_idx').on(t.membershipId)],
);

export const IMPORT_STATUSES = ['reading', 'previewed', 'committing', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const IMPORT_MODES = ['invite', 'setup'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** A spreadsheet import: uploaded, previewed, then committed in the background. */
export const imports = pgTable(
  'imports',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** Null: uploaded by the platform operator. */
    createdBy: uuid('created_by').references(() => accounts.id),
    createdByLabel: text('created_by_label').notNull(),
    fileName: text('file_name').notNull(),
    fileBytes: integer('file_bytes').notNull().default(0),
    format: text('format', { enum: ['csv', 'xlsx'] }),
    defaultMode: text('default_mode', { enum: IMPORT_MODES }).notNull(),
    status: text('status', { enum: IMPORT_STATUSES }).notNull().default('reading'),
    rowCount: integer('row_count').notNull().default(0),
    unknownColumns: jsonb('unknown_columns').$type<string[]>().notNull().default([]),
    /** Teams the file names that do not exist yet, made when it is confirmed (ids chosen at upload, parents first). */
    newTeams: jsonb('new_teams').$type<{ id: string; name: string; parentId: string | null; path: string }[]>().notNull().default([]),
    previewCounts: jsonb('preview_counts').$type<Record<string, number>>().notNull().default({}),
    resultCounts: jsonb('result_counts').$type<Record<string, number>>().notNull().default({}),
    rowsDone: integer('rows_done').notNull().default(0),
    error: text('error'),
    committedBy: uuid('committed_by').references(() => accounts.id),
    committedByLabel: text('committed_by_label'),
    createdAt: createdAt(),
    previewedAt: at('previewed_at'),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
  },
  (t) => [
    index('imports_org_created_idx').on(t.orgId, t.createdAt.desc(), t.id.desc()),
    check('imports_status', sql`${t.status} in ('reading', 'previewed', 'committing', 'done', 'failed')`),
  ],
);

/**
 * One row of an imported sheet. `problem` is what the row says about itself (a bad address,
 * an unknown team); `verdict` adds what the organization's state says (already a member, no
 * seat) and is worked out again at commit; `outcome` is what the commit did. A row with an
 * outcome is done: a resumed commit never touches it again.
 *
 * The commit writes each row once, in place: no index covers `outcome`, and pages are filled
 * half-way (`fillfactor = 50`, set in migration 20261130024548; Drizzle has no table storage
 * options) so the new version of a row fits beside the old one, a heap-only update that
 * touches no index. Chunks find their rows through the primary key.
 */
export const importRows = pgTable(
  'import_rows',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    email: text('email'),
    username: text('username'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    teams: text('teams'),
    teamIds: uuid('team_ids').array().notNull().default(sql`'{}'::uuid[]`),
    role: text('role', { enum: ROLES }).notNull().default('learner'),
    mode: text('mode', { enum: IMPORT_MODES }).notNull(),
    passwordHash: text('password_hash'),
    problemKind: text('problem_kind', { enum: ['invalid', 'not_allowed'] }),
    problem: text('problem'),
    verdict: text('verdict'),
    reason: text('reason'),
    outcome: text('outcome'),
    membershipId: uuid('membership_id'),
  },
  (t) => [
    primaryKey({ columns: [t.importId, t.rowNumber] }),
    // The preview's problem rows, first ones first, without reading the rest.
    index('import_rows_problems_idx').on(t.importId, t.rowNumber).where(sql`${t.verdict} in ('invalid', 'not_allowed')`),
  ],
);

/** The roles an API key may hold: never a learner's, and never above its creator's. */
export const API_KEY_ROLES = ['manager', 'user_admin', 'admin'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/**
 * An organization's API key. Only the SHA-256 of the secret is kept; `prefix` is the start
 * of the secret, shown so people can tell their keys apart. Last use is written at most once
 * a minute per key, so a busy integration does not turn every request into a write.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull(),
    role: text('role', { enum: API_KEY_ROLES }).notNull(),
    /** Extra powers beyond the REST API: `scim` (the SCIM server). */
    scopes: text('scopes').array().notNull().default(sql`'{}'::text[]`),
    /** Null: created by the platform operator. */
    createdBy: uuid('created_by').references(() => accounts.id),
    createdByLabel: text('created_by_label').notNull(),
    expiresAt: at('expires_at'),
    revokedAt: at('revoked_at'),
    revokedByLabel: text('revoked_by_label'),
    lastUsedAt: at('last_used_at'),
    lastUsedIp: text('last_used_ip'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('api_keys_secret_hash_key').on(t.secretHash),
    index('api_keys_org_created_idx').on(t.orgId, t.createdAt.desc(), t.id.desc()),
    check('api_keys_role', sql`${t.role} in ('manager', 'user_admin', 'admin')`),
    check('api_keys_name_length', sql`char_length(${t.name}) between 1 and 100`),
  ],
);

/** The teams a manager or user admin key acts on, with every team below them. */
export const apiKeyTeams = pgTable(
  'api_key_teams',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    keyId: uuid('key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.teamId] }), index('api_key_teams_team_idx').on(t.teamId)],
);

export const WEBHOOK_ENDPOINT_STATUSES = ['active', 'disabled'] as const;

/**
 * Where an organization's events are sent, signed as Standard Webhooks says.
 * The signing secret must be kept as it is (Roster signs with it); after a rotation the
 * previous one also signs until `previous_secret_until`, so receivers can roll over. One
 * instance at a time sends to an endpoint (`lease_until`), so events go out in order.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    eventTypes: text('event_types').array().notNull(),
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretUntil: at('previous_secret_until'),
    status: text('status', { enum: WEBHOOK_ENDPOINT_STATUSES }).notNull().default('active'),
    disabledReason: text('disabled_reason'),
    /** Set at the first failure in a row, cleared by a success: an endpoint failing for days is disabled. */
    failingSince: at('failing_since'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    /** After a failure, nothing is sent before this (growing pauses). */
    nextAttemptAt: at('next_attempt_at'),
    leaseUntil: at('lease_until'),
    createdByLabel: text('created_by_label').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('webhook_endpoints_org_idx').on(t.orgId, t.createdAt),
    check('webhook_endpoints_status', sql`${t.status} in ('active', 'disabled')`),
  ],
);

/** An event as sent: `{ type, id, timestamp, data }`, written in the transaction of the change. */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_events_org_created_idx').on(t.orgId, t.createdAt)],
);

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

/** One event for one endpoint; the id orders an endpoint's deliveries. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id').notNull(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id')
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastAttemptAt: at('last_attempt_at'),
    deliveredAt: at('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('webhook_deliveries_pending_idx').on(t.endpointId, t.id).where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id.desc()),
    index('webhook_deliveries_event_idx').on(t.eventId),
    check('webhook_deliveries_status', sql`${t.status} in ('pending', 'delivered', 'failed')`),
  ],
);

/** Each attempt at a delivery: when, the answer's status (or the error), and the start of the answer. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: bigint('delivery_id', { mode: 'number' })
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    at: at('at').notNull().defaultNow(),
    statusCode: integer('status_code'),
    error: text('error'),
    responseExcerpt: text('response_excerpt'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id)],
);

/** Join at once, or ask and wait for approval. */
export const WAY_IN_MODES = ['join', 'request'] as const;
export type WayInMode = (typeof WAY_IN_MODES)[number];

/**
 * A shareable link: anyone who proves an address in one of its domains joins as a
 * learner. The key is the link's public address, meant to be shared, so it is kept as it is
 * (decision 0014); what proves a person is the emailed invitation token, stored hashed.
 */
export const inviteLinks = pgTable(
  'invite_links',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    label: text('label').notNull().default(''),
    /** Lower-case ASCII (punycode); `*.acme.com` accepts subdomains of acme.com. */
    domains: text('domains').array().notNull(),
    // The way in closes with its team.
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    enabled: boolean('enabled').notNull().default(true),
    /** `request`: a verified visitor waits for an administrator's approval instead of joining. */
    mode: text('mode', { enum: WAY_IN_MODES }).notNull().default('join'),
    expiresAt: at('expires_at'),
    maxUses: integer('max_uses'),
    /** People who joined by it. */
    uses: integer('uses').notNull().default(0),
    lastUsedAt: at('last_used_at'),
    /** Bumped by each rotation: emails sent under an older key stop working. */
    generation: integer('generation').notNull().default(1),
    rotatedAt: at('rotated_at'),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdByLabel: text('created_by_label').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invite_links_key_key').on(t.key),
    index('invite_links_org_created_idx').on(t.orgId, t.createdAt.desc(), t.id.desc()),
    check('invite_links_domains', sql`cardinality(${t.domains}) between 1 and 50`),
    check('invite_links_max_uses', sql`${t.maxUses} is null or ${t.maxUses} >= 1`),
    check('invite_links_uses', sql`${t.uses} >= 0`),
    check('invite_links_mode', sql`${t.mode} in ('join', 'request')`),
  ],
);

/** The organization's public join page, off by default. */
export const joinPages = pgTable(
  'join_pages',
  {
    orgId: uuid('org_id')
      .primaryKey()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    enabled: boolean('enabled').notNull().default(false),
    /** Lower-case; unique across the installation. */
    slug: text('slug'),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
    /** Empty: any verified address. */
    domains: text('domains').array().notNull().default(sql`'{}'::text[]`),
    mode: text('mode', { enum: WAY_IN_MODES }).notNull().default('join'),
    /** Bumped when the slug changes (the page moved, like a rotated link): emails sent before stop working. */
    generation: integer('generation').notNull().default(1),
    updatedAt: at('updated_at').notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('join_pages_slug_key').on(t.slug).where(sql`${t.slug} is not null`),
    check('join_pages_enabled_has_slug', sql`not ${t.enabled} or ${t.slug} is not null`),
    check('join_pages_mode', sql`${t.mode} in ('join', 'request')`),
  ],
);

export const BULK_ACTIONS = ['resend', 'cancel', 'remove', 'change_role', 'add_to_team'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const BULK_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

/**
 * One bulk action on the members view: a selection of people, or every person a
 * filter of the view matches, acted on in the background by the person who asked, as they
 * are when each person's turn comes. Its items say what happened to each person.
 */
export const bulkOperations = pgTable(
  'bulk_operations',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    action: text('action', { enum: BULK_ACTIONS }).notNull(),
    /** What the action needs: `{ role }`, `{ teamId }`, `{ message }`. */
    params: jsonb('params').$type<{ role?: Role; teamId?: string; message?: string }>().notNull().default({}),
    /** The members view's filter, when the selection is "everyone it matches"; null: the items were chosen. */
    filter: jsonb('filter').$type<Record<string, string>>(),
    /** Who asked: an account, an API key, or (both null) the operator. */
    actorAccountId: uuid('actor_account_id').references(() => accounts.id),
    actorKeyId: uuid('actor_key_id'),
    actorLabel: text('actor_label').notNull(),
    status: text('status', { enum: BULK_STATUSES }).notNull().default('queued'),
    /** Null until the filter has been turned into items. */
    total: integer('total'),
    succeeded: integer('succeeded').notNull().default(0),
    refused: integer('refused').notNull().default(0),
    error: text('error'),
    createdAt: createdAt(),
    finishedAt: at('finished_at'),
  },
  (t) => [
    index('bulk_operations_org_created_idx').on(t.orgId, t.createdAt.desc()),
    check('bulk_operations_action', sql`${t.action} in ('resend', 'cancel', 'remove', 'change_role', 'add_to_team')`),
    check('bulk_operations_status', sql`${t.status} in ('queued', 'running', 'done', 'failed')`),
    check('bulk_operations_counts', sql`${t.succeeded} >= 0 and ${t.refused} >= 0`),
  ],
);

/** A person of a bulk operation; `outcome` null until their turn has come, then written once with the change. */
export const bulkOperationItems = pgTable(
  'bulk_operation_items',
  {
    operationId: uuid('operation_id')
      .notNull()
      .references(() => bulkOperations.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id').notNull(),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    /** Order of the selection, so the work and its report follow it. */
    position: integer('position').notNull(),
    outcome: text('outcome', { enum: ['done', 'refused'] }),
    /** Why this person was refused, as a sentence. */
    reason: text('reason'),
  },
  (t) => [
    primaryKey({ columns: [t.operationId, t.position] }),
    uniqueIndex('bulk_operation_items_person_key').on(t.operationId, t.membershipId),
    check('bulk_operation_items_outcome', sql`${t.outcome} is null or ${t.outcome} in ('done', 'refused')`),
  ],
);

/**
 * The last SCIM requests of an organization with their outcome, shown in its settings so
 * an administrator connecting an identity provider sees what it sent. Pruned to a few days.
 */
export const scimRequests = pgTable(
  'scim_requests',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    keyId: uuid('key_id').references(() => apiKeys.id, { onDelete: 'set null' }),
    method: text('method').notNull(),
    /** The path under /scim/v2, without the query (filters may name people). */
    path: text('path').notNull(),
    status: smallint('status').notNull(),
    scimType: text('scim_type'),
    /** The error's sentence on a refusal; never the request body. */
    detail: text('detail'),
    durationMs: integer('duration_ms').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('scim_requests_org_created_idx').on(t.orgId, t.createdAt.desc(), t.id.desc())],
);

export const TURNAWAY_WAYS = ['invitation', 'link', 'join_page'] as const;

/**
 * Someone turned away for lack of a seat (issue 17): an invitation opened, or a join asked for,
 * while no seat was free. One row per person until the organization's admins were told of it
 * in their daily notice; turned away again before that, the same row says when last.
 */
export const seatTurnaways = pgTable(
  'seat_turnaways',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    membershipId: uuid('membership_id').references(() => memberships.id, { onDelete: 'cascade' }),
    way: text('way', { enum: TURNAWAY_WAYS }).notNull(),
    firstAt: timestamp('first_at', { withTimezone: true }).notNull().defaultNow(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull().defaultNow(),
    /** When the admins' daily notice named them; null: not yet. */
    reportedAt: at('reported_at'),
  },
  (t) => [
    uniqueIndex('seat_turnaways_unreported_key').on(t.orgId, t.email).where(sql`${t.reportedAt} is null`),
    check('seat_turnaways_way', sql`${t.way} in ('invitation', 'link', 'join_page')`),
  ],
);

/** The daily notice of people turned away, one per organization and day in its time zone: a repeated run sends nothing twice. */
export const seatTurnawayNotices = pgTable(
  'seat_turnaway_notices',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    people: integer('people').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day] })],
);
