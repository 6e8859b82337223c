import { Type } from 'typebox';
import { errorResponses, OrgParams } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { getBillingReport } from './get-billing-report.js';
import { getOperatorBilling } from './get-operator-billing.js';
import { billingReportCsv, operatorBillingCsv, presentBillingReport } from './presenter.js';
import { BillingQuery, BillingReportView, OperatorBillingView } from './schemas.js';

const tags = ['Billing'];
const csvHeaders = (name: string) => ({
  'content-type': 'text/csv; charset=utf-8',
  'content-disposition': `attachment; filename="${name}"`,
});

export const billingRoutes: RouteModule = (app, services) => {
  app.get(
    '/api/v1/orgs/:orgId/billing',
    {
      schema: {
        tags,
        summary: 'Billing report for a period: per member the billable intervals and days, and totals (R-25, admins)',
        description:
          'From the billing events Roster records (set-up notified, invitation accepted, removal, plan end). `from` and `to` are ' +
          'UTC dates, both included. A billable day is a day on which the member was billable at any moment. `format=csv` ' +
          'gives one line per member and a totals line.',
        params: OrgParams,
        querystring: BillingQuery,
        response: { 200: BillingReportView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const report = await getBillingReport(services, request.actor, request.params.orgId, request.query);
      if (request.query.format === 'csv') {
        return reply.headers(csvHeaders(`billing-${report.period.from}-${report.period.to}.csv`)).send(billingReportCsv(report));
      }
      return presentBillingReport(report);
    },
  );

  app.get(
    '/api/v1/billing',
    {
      schema: {
        tags,
        summary: "Every organization's billing totals for a period (operator)",
        querystring: BillingQuery,
        response: { 200: OperatorBillingView, 401: Type.Ref('Problem'), 403: Type.Ref('Problem'), 400: Type.Ref('Problem') },
      },
    },
    async (request, reply) => {
      const report = await getOperatorBilling(services, request.actor, request.query);
      if (request.query.format === 'csv') {
        return reply.headers(csvHeaders(`billing-${report.period.from}-${report.period.to}.csv`)).send(operatorBillingCsv(report.items));
      }
      return report;
    },
  );
};
