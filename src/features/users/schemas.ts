import { type Static, Type } from 'typebox';
import { Nullable, Uuid } from '../../http/schemas.js';

const Role = Type.Union([Type.Literal('learner'), Type.Literal('manager'), Type.Literal('user_admin'), Type.Literal('admin')]);
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: '1–100 characters, not only spaces.' });

export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]*$';

export const SetUpUserBody = Type.Object(
  {
    firstName: Name,
    lastName: Name,
    email: Type.Optional(Nullable(Type.String({ maxLength: 320 }))),
    username: Type.Optional(
      Nullable(
        Type.String({
          minLength: 3,
          maxLength: 64,
          pattern: USERNAME_PATTERN,
          description: 'For people without an email address (R-33). Letters, digits, ".", "_" and "-"; stored in lower case.',
        }),
      ),
    ),
    password: Type.Optional(
      Nullable(Type.String({ maxLength: 1000, description: 'Set by the administrator; required when there is no email address.' })),
    ),
    sendPasswordLink: Type.Optional(
      Type.Boolean({ description: 'Mail a link to choose a password (default: true when there is an email address and no password).' }),
    ),
    role: Type.Optional(Role),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000, description: 'A private note for administrators.' }))),
    teamIds: Type.Optional(
      Type.Array(Type.String({ format: 'uuid' }), {
        maxItems: 50,
        uniqueItems: true,
        description:
          'Teams the person joins as a learner at once. Required for managers and user admins, and when the organization requires a team.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type SetUpUserInput = Static<typeof SetUpUserBody>;

export const SetUpUserResult = Type.Object({
  member: Type.Object({
    id: Uuid,
    accountId: Uuid,
    email: Nullable(Type.String()),
    username: Nullable(Type.String()),
    firstName: Type.String(),
    lastName: Type.String(),
    role: Role,
    status: Type.Literal('active'),
  }),
  passwordLinkSent: Type.Boolean({ description: 'Whether a set-password link was mailed.' }),
});
export type SetUpUserResultType = Static<typeof SetUpUserResult>;
