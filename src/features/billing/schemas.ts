import { Type } from 'typebox';
import { Nullable, Timestamp, Uuid } from '../../http/schemas.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A UTC calendar date, YYYY-MM-DD.' });

export const BillingQuery = Type.Object({
  from: Day,
  to: { ...Day, description: 'The last day of the period, included.' },
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })),
});

const Period = Type.Object({ from: Day, to: Day });

export const BillingTotals = Type.Object({
  billableSeatDays: Type.Integer({ description: 'Sum over members of the days each was billable.' }),
  peakBillable: Type.Integer({ description: 'The most members billable at the same moment.' }),
  newBillableMembers: Type.Integer({ description: 'Members who became billable for the first time in the period.' }),
});

export const BillingReportView = Type.Object({
  period: Period,
  totals: BillingTotals,
  members: Type.Array(
    Type.Object({
      memberId: Uuid,
      email: Nullable(Type.String()),
      billableDays: Type.Integer(),
      isNew: Type.Boolean(),
      intervals: Type.Array(Type.Object({ from: Timestamp, to: Nullable(Timestamp) })),
    }),
  ),
});

export const OperatorBillingView = Type.Object({
  period: Period,
  items: Type.Array(
    Type.Object({
      orgId: Uuid,
      name: Type.String(),
      slug: Type.String(),
      kind: Type.String(),
      seats: Type.Integer(),
      ...BillingTotals.properties,
    }),
  ),
});
