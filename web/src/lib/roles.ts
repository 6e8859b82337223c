import type { Role } from '../api/types';

export const ROLES: readonly Role[] = ['learner', 'manager', 'user_admin', 'admin'];

export const ROLE_LABELS: Record<Role, string> = {
  learner: 'Learner',
  manager: 'Team manager',
  user_admin: 'User admin',
  admin: 'Admin',
};

export const ROLE_HINTS: Record<Role, string> = {
  learner: 'Takes the trainings assigned to their teams.',
  manager: 'Invites and organizes the learners of their own teams.',
  user_admin: 'Manages people in the teams they administer.',
  admin: 'Plan administrator: everything, including settings and logs.',
};

/** The caller inside an organization: a member's role, or the platform operator. */
export type OrgRole = Role | 'operator';

const rank = (role: OrgRole): number => (role === 'operator' ? 4 : ROLES.indexOf(role));

export const isRole = (value: string | undefined): value is Role => value !== undefined && (ROLES as readonly string[]).includes(value);

export const toOrgRole = (value: string | undefined): OrgRole | null => (value === 'operator' ? 'operator' : isRole(value) ? value : null);

/** Nobody grants a role above their own; managers hand out learner only. */
export function grantableRoles(mine: OrgRole): Role[] {
  if (mine === 'manager') return ['learner'];
  return ROLES.filter((role) => rank(role) <= rank(mine));
}

export const can = {
  managePeople: (role: OrgRole): boolean => rank(role) >= rank('manager'),
  setUpUsers: (role: OrgRole): boolean => rank(role) >= rank('user_admin'),
  seeLicenses: (role: OrgRole): boolean => rank(role) >= rank('user_admin'),
  changeSettings: (role: OrgRole): boolean => rank(role) >= rank('admin'),
  readLogs: (role: OrgRole): boolean => rank(role) >= rank('admin'),
  seeDashboard: (role: OrgRole): boolean => rank(role) >= rank('admin'),
};

export function roleLabel(role: string): string {
  return isRole(role) ? ROLE_LABELS[role] : role;
}
