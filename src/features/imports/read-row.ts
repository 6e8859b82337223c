import type { ImportMode, Role } from '../../db/schema.js';
import { parseAddress } from '../../lib/email-address.js';
import { passwordProblem } from '../../lib/password.js';
import type { PeopleScope } from '../access/people-scope.js';
import { canGrantRole } from '../access/roles.js';
import { SET_UP_ROLES } from '../users/policy.js';
import { USERNAME_PATTERN } from '../users/schemas.js';
import type { SheetRow } from './sheet/types.js';
import type { TeamDirectory } from './team-directory.js';

/** A row as Roster stores it, with what it says about itself. The organization's state is checked later, in SQL. */
export interface PreparedRow {
  readonly rowNumber: number;
  readonly email: string | null;
  readonly username: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly teams: string | null;
  readonly teamIds: readonly string[];
  readonly role: Role;
  readonly mode: ImportMode;
  /** Plain text only until the upload hashes it; never stored. */
  readonly password: string | null;
  readonly problemKind: 'invalid' | 'not_allowed' | null;
  readonly problem: string | null;
}

export interface RowContext {
  readonly defaultMode: ImportMode;
  readonly actorRole: Role | 'operator';
  readonly scope: PeopleScope;
  readonly requireTeam: boolean;
  readonly orgName: string;
  readonly trial: boolean;
  readonly teams: TeamDirectory;
  /** Each address or username seen so far, with its first row: duplicates point back to it. */
  readonly seen: Map<string, number>;
}

const squash = (value: string): string =>
  value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

const ROLE_WORDS: Record<string, Role> = {
  learner: 'learner',
  student: 'learner',
  user: 'learner',
  manager: 'manager',
  teammanager: 'manager',
  useradmin: 'user_admin',
  useradministrator: 'user_admin',
  admin: 'admin',
  administrator: 'admin',
  planadministrator: 'admin',
};
const MODE_WORDS: Record<string, ImportMode> = {
  invite: 'invite',
  invitation: 'invite',
  email: 'invite',
  setup: 'setup',
  direct: 'setup',
  create: 'setup',
};
const USERNAME = new RegExp(USERNAME_PATTERN);
const NAME_MAX = 100;

const canSetUp = (role: Role | 'operator'): boolean => role === 'operator' || SET_UP_ROLES.includes(role);

type Problem = { kind: 'invalid' | 'not_allowed'; message: string };

/** Everything a row can be refused for without looking at who is already in the organization. */
export function readRow(row: SheetRow, context: RowContext): PreparedRow {
  const v = row.values;
  const problems: Problem[] = [];
  const invalid = (message: string) => problems.push({ kind: 'invalid', message });

  let email: string | null = null;
  if (v.email !== undefined) {
    const parsed = parseAddress(v.email);
    if (parsed.ok) email = parsed.email;
    else invalid(`Bad address "${v.email}": ${parsed.reason}`);
  }
  let username: string | null = null;
  if (v.username !== undefined) {
    const folded = v.username.toLowerCase();
    username = folded;
    if (folded.length < 3 || folded.length > 64 || !USERNAME.test(folded)) {
      invalid(`Bad username "${v.username}": use 3 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit.`);
    }
  }
  if (v.email === undefined && v.username === undefined) invalid('Missing a required value: give an email address or a username.');

  const key = email ?? (username ? `username:${username}` : null);
  if (key !== null) {
    const first = context.seen.get(key);
    if (first !== undefined) invalid(`Duplicate of row ${first}: the same ${email ? 'address' : 'username'} appears twice.`);
    else context.seen.set(key, row.rowNumber);
  }

  const modeWord = v.mode === undefined ? null : (MODE_WORDS[squash(v.mode)] ?? null);
  if (v.mode !== undefined && modeWord === null) invalid(`Unknown mode "${v.mode}": write "invite" or "setup".`);
  const mode = modeWord ?? context.defaultMode;

  const roleWord = v.role === undefined ? 'learner' : (ROLE_WORDS[squash(v.role)] ?? null);
  if (roleWord === null) invalid(`Unknown role "${v.role}": write learner, manager, user admin or admin.`);
  const role = roleWord ?? 'learner';
  if (roleWord !== null && !canGrantRole(context.actorRole, roleWord)) {
    invalid(`The role ${roleWord.replace('_', ' ')} is above what yours may grant.`);
  }

  const firstName = v.first_name ?? null;
  const lastName = v.last_name ?? null;
  if ((firstName?.length ?? 0) > NAME_MAX || (lastName?.length ?? 0) > NAME_MAX) invalid(`Names are limited to ${NAME_MAX} characters.`);
  const password = v.password ?? null;
  if (mode === 'invite' && email === null && v.email === undefined && username !== null) {
    invalid('Only people with an email address can be invited: write mode "setup" and a password for a username.');
  }
  if (mode === 'setup') {
    if (firstName === null || lastName === null) invalid('Missing a required value: setting up an account needs a first and a last name.');
    if (v.email === undefined && password === null) {
      invalid('Missing a required value: a person without an email address needs a password, since no link can reach them.');
    }
  }
  if (password !== null) {
    const weak = passwordProblem(password, email);
    if (weak) invalid(weak);
  }

  const teamIds: string[] = [];
  const written = (v.teams ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  for (const name of written) {
    const found = context.teams.find(name);
    if (!found.ok) problems.push({ kind: found.kind === 'not_allowed' ? 'not_allowed' : 'invalid', message: found.message });
    else if (!teamIds.includes(found.id)) teamIds.push(found.id);
  }
  if (written.length === 0 && context.requireTeam) invalid(`Missing a required value: ${context.orgName} requires a team for everyone.`);
  if (written.length === 0 && !context.scope.all) invalid('Missing a required value: name one of your teams for each person.');
  if (!context.scope.all) {
    const allowed = new Set(context.scope.teamIds);
    // A team the import creates sits under one of theirs (the directory allowed it only there).
    const created = new Set(context.teams.newTeams.map((team) => team.id));
    const outside = teamIds.filter((id) => !allowed.has(id) && !created.has(id));
    if (outside.length > 0) problems.push({ kind: 'not_allowed', message: 'A team of this row is outside the teams you manage.' });
  }
  if (context.trial && mode === 'setup') {
    problems.push({ kind: 'not_allowed', message: 'Trial plans cannot set up accounts directly: write mode "invite".' });
  }
  // The same rule as the set-up form: administrators and user admins only.
  if (mode === 'setup' && !canSetUp(context.actorRole)) {
    problems.push({ kind: 'not_allowed', message: 'Your role does not allow you to set up accounts: write mode "invite".' });
  }

  // Invalid input is reported before what the plan or the uploader's rights forbid.
  const first = problems.find((p) => p.kind === 'invalid') ?? problems[0] ?? null;
  return {
    rowNumber: row.rowNumber,
    // A bad address is kept as typed, so the preview and the report show what was wrong.
    email: email ?? v.email ?? null,
    username,
    firstName,
    lastName,
    teams: v.teams ?? null,
    teamIds,
    role,
    mode,
    password,
    problemKind: first?.kind ?? null,
    problem: first?.message ?? null,
  };
}
