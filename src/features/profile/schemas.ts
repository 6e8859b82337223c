import { type Static, Type } from 'typebox';
import { Nullable, Timestamp, Uuid } from '../../http/schemas.js';

const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: '1–100 characters, not only spaces.' });

export const ProfileView = Type.Object({
  id: Uuid,
  email: Nullable(Type.String()),
  username: Nullable(Type.String()),
  firstName: Type.String(),
  lastName: Type.String(),
  timeZone: Nullable(Type.String({ description: "IANA zone the person reads times in; null: their browser's." })),
});
export type ProfileViewType = Static<typeof ProfileView>;

export const UpdateProfileBody = Type.Object(
  {
    firstName: Type.Optional(Name),
    lastName: Type.Optional(Name),
    timeZone: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateProfileInput = Static<typeof UpdateProfileBody>;

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
    newPassword: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type ChangePasswordInput = Static<typeof ChangePasswordBody>;

export const MySession = Type.Object({
  id: Uuid,
  current: Type.Boolean({ description: 'The session this request was made with.' }),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  createdAt: Timestamp,
  expiresAt: Timestamp,
});
export type MySessionType = Static<typeof MySession>;

export const MySessions = Type.Object({ items: Type.Array(MySession) });
export const SessionParams = Type.Object({ sessionId: Uuid });
export const EndedSessions = Type.Object({ ended: Type.Integer({ description: 'How many sessions were signed out.' }) });
