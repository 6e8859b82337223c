import { type Static, Type } from 'typebox';
import { Nullable, NullableTimestamp, Timestamp, Uuid } from '../../http/schemas.js';
import { EVENT_TYPES } from '../audit/event-catalogue.js';

export const EventTypeSchema = Type.Union(
  EVENT_TYPES.map((type) => Type.Literal(type)),
  { description: 'An event of the catalogue (docs/webhooks.md).' },
);

export const CreateEndpointBody = Type.Object(
  {
    url: Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'https://…; plain http only to this machine, when the operator allows it.',
    }),
    eventTypes: Type.Array(EventTypeSchema, { minItems: 1, maxItems: EVENT_TYPES.length, uniqueItems: true }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type CreateEndpointInput = Static<typeof CreateEndpointBody>;

export const UpdateEndpointBody = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    eventTypes: Type.Optional(Type.Array(EventTypeSchema, { minItems: 1, maxItems: EVENT_TYPES.length, uniqueItems: true })),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    enabled: Type.Optional(Type.Boolean({ description: 'true: send again to an endpoint that was disabled; false: stop sending.' })),
  },
  { additionalProperties: false },
);
export type UpdateEndpointInput = Static<typeof UpdateEndpointBody>;

export const EndpointView = Type.Object({
  id: Uuid,
  url: Type.String(),
  description: Type.String(),
  eventTypes: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  disabledReason: Nullable(Type.String()),
  failingSince: NullableTimestamp,
  nextAttemptAt: NullableTimestamp,
  previousSecretValidUntil: NullableTimestamp,
  pending: Type.Integer({ description: 'Deliveries waiting to be sent.' }),
  createdBy: Type.String(),
  createdAt: Timestamp,
});
export type EndpointViewType = Static<typeof EndpointView>;

export const EndpointWithSecret = Type.Intersect([
  EndpointView,
  Type.Object({ secret: Type.String({ description: 'The signing secret (whsec_…), shown this once.' }) }),
]);

export const EndpointParams = Type.Object({ orgId: Uuid, endpointId: Uuid });
export const DeliveryParams = Type.Object({ orgId: Uuid, endpointId: Uuid, deliveryId: Type.String({ pattern: '^[0-9]{1,18}$' }) });

export const AttemptView = Type.Object({
  at: Timestamp,
  statusCode: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  responseExcerpt: Nullable(Type.String()),
  durationMs: Type.Integer(),
});

export const DeliveryView = Type.Object({
  id: Type.String(),
  eventId: Uuid,
  eventType: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  createdAt: Timestamp,
  deliveredAt: NullableTimestamp,
  lastAttempts: Type.Array(AttemptView, { description: 'The latest attempts, newest first (at most five).' }),
  payload: Type.Record(Type.String(), Type.Unknown()),
});

export const DeliveriesQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')])),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
