import { Type } from 'typebox';
import { Nullable, NullableTimestamp, Timestamp, Uuid } from '../../http/schemas.js';

export const OutboxQuery = Type.Object({
  to: Type.Optional(Type.String({ maxLength: 320, description: 'Only the emails to this address.' })),
  kind: Type.Optional(
    Type.String({
      maxLength: 60,
      pattern: '^[a-z][a-z-]*$',
      description: 'Only this kind of email, e.g. `invitation` or `password-reset`.',
    }),
  ),
  status: Type.Optional(
    Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed')], {
      description: 'Only emails in this delivery state.',
    }),
  ),
  cursor: Type.Optional(Type.String({ maxLength: 1000, description: 'Opaque cursor from `nextCursor`.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const OutboxParams = Type.Object({ emailId: Uuid });

export const OutboxItem = Type.Object({
  id: Uuid,
  orgId: Nullable(Uuid),
  kind: Type.String({ description: 'What the email is for: invitation, invitation-reminder, account-setup, password-reset…' }),
  to: Type.String(),
  subject: Type.String(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String({ description: "The mail server's reason, while delivery is failing." })),
  createdAt: Timestamp,
  sentAt: NullableTimestamp,
});

export const OutboxPage = Type.Object({ items: Type.Array(OutboxItem), nextCursor: Nullable(Type.String()) });

export const OutboxMessage = Type.Object({
  ...OutboxItem.properties,
  fromName: Nullable(Type.String({ description: "The organization's sender name, if it set one." })),
  html: Nullable(Type.String({ description: 'Null once delivered over SMTP: the body is not kept.' })),
  text: Nullable(Type.String({ description: 'Null once delivered over SMTP: the body is not kept.' })),
});
