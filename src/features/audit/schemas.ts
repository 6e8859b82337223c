import { type Static, Type } from 'typebox';
import { Nullable, Timestamp } from '../../http/schemas.js';
import { AppError } from '../../lib/errors.js';
import { AuditActionSchema } from './actions.js';
import type { AuditFilter } from './list-audit.js';

export const AuditEntry = Type.Object({
  id: Type.String(),
  action: AuditActionSchema,
  actor: Type.String({ description: 'Email of the person, "operator" or "system".' }),
  actorName: Nullable(Type.String({ description: "The acting person's name, when they have one." })),
  subjectName: Nullable(
    Type.String({ description: 'The name of the person acted on, once they have accepted (R-6); otherwise the address in `data` stands.' }),
  ),
  actorAccountId: Nullable(Type.String()),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown()),
  ip: Nullable(Type.String()),
  at: Timestamp,
});

/** The log's filters, shared by the list and the export. */
export const AuditFilterQuery = Type.Object({
  action: Type.Optional(Type.String({ maxLength: 100, description: 'An action, or a prefix such as "invitation".' })),
  actor: Type.Optional(Type.String({ maxLength: 200 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
});

/** The filters as the use cases take them; refuses a period that ends before it starts. */
export function auditFilterOf(query: Static<typeof AuditFilterQuery>): AuditFilter {
  if (query.from && query.to && new Date(query.from) > new Date(query.to)) {
    throw new AppError('validation_failed', '"from" must be before "to".');
  }
  return {
    ...(query.action ? { action: query.action } : {}),
    ...(query.actor ? { actor: query.actor } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
  };
}
