import { type Static, Type } from 'typebox';
import { Nullable, NullableTimestamp, Timestamp, Uuid } from '../../http/schemas.js';
import { MemberStatusSchema } from '../members/schemas.js';

/** A team's name: 2–200 characters once trimmed (checked by the use cases; the raw text may carry spaces). */
export const TEAM_NAME_MIN = 2;
export const TEAM_NAME_MAX = 200;
const TeamName = Type.String({ minLength: 1, maxLength: 400, description: '2–200 characters, leading and trailing spaces trimmed.' });

export const VisibilitySchema = Type.Union([Type.Literal('public'), Type.Literal('private')], {
  description:
    'Adding a learner to a public team also adds them to every ancestor up to and including the first private one; a private team keeps its learners to itself.',
});
export type Visibility = Static<typeof VisibilitySchema>;

export const TeamRoleSchema = Type.Union([Type.Literal('manager'), Type.Literal('user_admin')]);
export const TeamMemberRoleSchema = Type.Union([Type.Literal('learner'), Type.Literal('manager'), Type.Literal('user_admin')]);
export type TeamMemberRole = Static<typeof TeamMemberRoleSchema>;

export const TeamParams = Type.Object({ orgId: Uuid, teamId: Uuid });
export const TeamMemberParams = Type.Object({ orgId: Uuid, teamId: Uuid, memberId: Uuid });

export const CreateTeamBody = Type.Object(
  {
    name: TeamName,
    parentId: Type.Optional(Nullable(Uuid)),
    visibility: VisibilitySchema,
  },
  { additionalProperties: false },
);
export type CreateTeamInput = Static<typeof CreateTeamBody>;

export const UpdateTeamBody = Type.Object(
  {
    name: Type.Optional(TeamName),
    visibility: Type.Optional(VisibilitySchema),
    parentId: Type.Optional(
      Type.Union([Uuid, Type.Null()], { description: 'Move the team under this one; null makes it a top-level team.' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateTeamInput = Static<typeof UpdateTeamBody>;

export const TeamManager = Type.Object({
  memberId: Uuid,
  email: Nullable(Type.String()),
  role: TeamRoleSchema,
});

const TeamAbilitiesView = Type.Object(
  {
    seePeople: Type.Boolean(),
    addPeople: Type.Boolean({ description: 'Add learners to the team and take them out.' }),
    manage: Type.Boolean({ description: 'Make people managers of the team (promoting a learner where the caller may).' }),
    rename: Type.Boolean(),
    move: Type.Boolean(),
    changeVisibility: Type.Boolean(),
    delete: Type.Boolean({ description: 'Allowed to try: a team with people, teams or trainings in it is still refused (409).' }),
    createInside: Type.Boolean(),
  },
  { description: 'What the caller may do with this team, from the same rules that refuse the requests.' },
);

export const TeamView = Type.Object({
  id: Uuid,
  name: Type.String(),
  parentId: Nullable(Uuid),
  depth: Type.Integer({ minimum: 0, description: '0 for a top-level team.' }),
  path: Type.Array(Type.String(), { description: 'Names from the top-level team down to this one, e.g. ["Sales", "EMEA", "Paris"].' }),
  visibility: VisibilitySchema,
  memberCount: Type.Integer({
    minimum: 0,
    description: 'Distinct people in the team: learners placed here (directly or from a team below) and holders of a team role here.',
  }),
  managers: Type.Array(TeamManager, { description: 'Managers and user admins assigned to this very team.' }),
  canManage: Type.Boolean({
    description: 'The caller may change this team and the people in it: always for administrators; for others, within their scope.',
  }),
  can: TeamAbilitiesView,
  ownerMemberId: Nullable(Uuid),
  createdAt: Timestamp,
});
export type TeamViewType = Static<typeof TeamView>;

export const TeamList = Type.Object({
  items: Type.Array(TeamView),
  can: Type.Object({ createTopLevel: Type.Boolean({ description: 'Create a team at the top level (administrators).' }) }),
});

export const ListTeamMembersQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'Opaque cursor from `nextCursor`.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const TeamMemberView = Type.Object({
  memberId: Uuid,
  email: Nullable(Type.String()),
  firstName: Nullable(Type.String({ description: 'Null until the person has accepted (R-6).' })),
  lastName: Nullable(Type.String({ description: 'Null until the person has accepted (R-6).' })),
  status: MemberStatusSchema,
  direct: Type.Boolean({ description: 'The person was added to this team itself, not only to a team below it.' }),
  role: TeamMemberRoleSchema,
  addedAt: NullableTimestamp,
});
export type TeamMemberViewType = Static<typeof TeamMemberView>;

export const TeamMembersPage = Type.Object({ items: Type.Array(TeamMemberView), nextCursor: Nullable(Type.String()) });

export const AddTeamMemberBody = Type.Object(
  {
    memberId: Uuid,
    role: TeamMemberRoleSchema,
  },
  { additionalProperties: false },
);
export type AddTeamMemberInput = Static<typeof AddTeamMemberBody>;

export const MemberTeamView = Type.Object({
  team: Type.Object({ id: Uuid, name: Type.String(), path: Type.Array(Type.String()) }),
  role: TeamMemberRoleSchema,
  direct: Type.Boolean({ description: 'Given on this team itself; false when carried up from a public team below it.' }),
  can: TeamAbilitiesView,
});
export type MemberTeamViewType = Static<typeof MemberTeamView>;
export const MemberTeamList = Type.Object({ items: Type.Array(MemberTeamView) });
