import { type Static, Type } from 'typebox';
import { Nullable, Uuid } from '../../http/schemas.js';

const Role = Type.Union([Type.Literal('learner'), Type.Literal('manager'), Type.Literal('user_admin'), Type.Literal('admin')]);

export const LoginBody = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 320, description: 'Email address or username.' }),
    password: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type LoginInput = Static<typeof LoginBody>;

export const SessionView = Type.Object({
  authenticated: Type.Boolean(),
  operator: Type.Optional(Type.Boolean({ description: 'True for the platform operator (bearer token).' })),
  account: Type.Optional(
    Type.Object({
      id: Uuid,
      email: Nullable(Type.String()),
      username: Nullable(Type.String()),
      firstName: Type.String(),
      lastName: Type.String(),
      timeZone: Type.Optional(Nullable(Type.String({ description: "IANA zone the person reads times in; null: the browser's." }))),
    }),
  ),
  csrfToken: Type.Optional(Type.String({ description: 'Send it as X-CSRF-Token on every state-changing request made with the cookie.' })),
  memberships: Type.Optional(
    Type.Array(Type.Object({ orgId: Uuid, orgName: Type.String(), orgSlug: Type.String(), role: Role }), {
      description: 'Organizations where the person is an active member.',
    }),
  ),
});
export type SessionViewType = Static<typeof SessionView>;

export const PasswordResetBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 320 }) }, { additionalProperties: false });
export type PasswordResetInput = Static<typeof PasswordResetBody>;

export const PasswordResetAccepted = Type.Object({
  status: Type.Literal('sent-if-known', {
    description: 'A link was sent if the address belongs to an account; the answer never says which.',
  }),
});

export const SetPasswordBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200, description: 'The token from the set-password or reset link.' }),
    password: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type SetPasswordInput = Static<typeof SetPasswordBody>;

export const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });

export const PasswordTokenView = Type.Object({
  purpose: Type.Union([Type.Literal('setup'), Type.Literal('reset')]),
  email: Nullable(Type.String()),
  username: Nullable(Type.String()),
  firstName: Type.String(),
});
export type PasswordTokenViewType = Static<typeof PasswordTokenView>;

export const PasswordRulesView = Type.Object({
  minLength: Type.Integer(),
  maxLength: Type.Integer(),
  rules: Type.String({ description: 'The rules in one sentence, to show next to the password field.' }),
});
