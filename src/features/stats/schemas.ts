import { Type } from 'typebox';

const Count = Type.Integer({ minimum: 0 });

export const StatsView = Type.Object({
  seats: Type.Object({
    total: Count,
    used: Count,
    series: Type.Array(Type.Object({ day: Type.String(), billable: Type.Integer() }), {
      description: 'Members billable at the end of each of the last 90 days (UTC), from the billing events.',
    }),
  }),
  funnel: Type.Array(
    Type.Object({ week: Type.String({ description: 'Monday (UTC).' }), sent: Count, accepted: Count, expired: Count, cancelled: Count }),
    { description: 'The last 12 weeks; reminders are not counted as sent.' },
  ),
  timeToAccept: Type.Object({
    medianHours: Type.Union([Type.Number(), Type.Null()]),
    count: Count,
    buckets: Type.Array(Type.Object({ upToHours: Type.Union([Type.Number(), Type.Null()]), count: Count })),
  }),
  pendingByAge: Type.Array(Type.Object({ upToDays: Type.Union([Type.Number(), Type.Null()]), count: Count })),
  failedEmails: Type.Object({ total: Count, byWeek: Type.Array(Type.Object({ week: Type.String(), count: Count })) }),
});
