import { Type } from 'typebox';
import { errorResponses, OrgParams } from '../../http/schemas.js';
import type { RouteModule } from '../../http/types.js';
import { MemberParams } from '../members/schemas.js';
import { assignAddOn } from './assign-add-on.js';
import { createAddOn } from './create-add-on.js';
import { getLicenses } from './get-licenses.js';
import { getSeatOutlook } from './get-seat-outlook.js';
import { listMemberAddOns } from './list-member-add-ons.js';
import { presentAddOn, presentLicenses, presentMemberAddOn } from './presenter.js';
import { requestSeats } from './request-seats.js';
import {
  AddOnParams,
  AddOnView,
  AssignAddOnBody,
  CreateAddOnBody,
  LicensesView,
  MemberAddOn,
  MemberAddOnParams,
  MemberAddOns,
  SeatOutlookView,
  SeatRequestBody,
  SeatRequestView,
  UpdateAddOnBody,
} from './schemas.js';
import { unassignAddOn } from './unassign-add-on.js';
import { updateAddOn } from './update-add-on.js';

const tags = ['Licenses'];

export const licensesRoutes: RouteModule = (app, services) => {
  app.get(
    '/api/v1/orgs/:orgId/licenses',
    {
      schema: {
        tags,
        summary: 'The bank of licenses: seats, seats held by invitations, add-ons (R-18)',
        description: 'Administrators and user administrators.',
        params: OrgParams,
        response: { 200: LicensesView, ...errorResponses },
      },
    },
    async (request) => presentLicenses(await getLicenses(services, request.actor, request.params.orgId)),
  );

  app.get(
    '/api/v1/orgs/:orgId/seats',
    {
      schema: {
        tags,
        summary: 'Free seats and the pending invitations waiting for them, for whoever invites',
        description: 'Administrators, user admins and managers: what the invite dialog and the import preview say before anything is sent.',
        params: OrgParams,
        response: { 200: SeatOutlookView, ...errorResponses },
      },
    },
    async (request) => getSeatOutlook(services, request.actor, request.params.orgId),
  );

  app.post(
    '/api/v1/orgs/:orgId/licenses/seat-requests',
    {
      schema: {
        tags,
        summary: 'Ask the platform operator for more seats',
        description:
          'Administrators and user admins. Recorded in the audit log (`org.seats_requested`) and emailed to the operator ' +
          'address the installation configures (ROSTER_OPERATOR_EMAIL); without one, `emailed` is false.',
        params: OrgParams,
        body: SeatRequestBody,
        response: { 201: SeatRequestView, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await requestSeats(services, request.actor, request.params.orgId, request.body)),
  );

  app.post(
    '/api/v1/orgs/:orgId/licenses/add-ons',
    {
      schema: {
        tags,
        summary: 'Add an add-on license to the plan, e.g. a certification (operator)',
        description: 'A non-transferable add-on is consumed for good when its holder leaves; a transferable one returns to the bank.',
        params: OrgParams,
        body: CreateAddOnBody,
        response: { 201: AddOnView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await createAddOn(services, request.actor, request.params.orgId, request.body);
      return reply.status(201).send(presentAddOn(row));
    },
  );

  app.patch(
    '/api/v1/orgs/:orgId/licenses/add-ons/:addOnId',
    {
      schema: {
        tags,
        summary: 'Rename an add-on or change how many were bought (operator)',
        description: 'The total never goes below the licenses assigned plus those consumed (409).',
        params: AddOnParams,
        body: UpdateAddOnBody,
        response: { 200: AddOnView, ...errorResponses },
      },
    },
    async (request) => presentAddOn(await updateAddOn(services, request.actor, request.params.orgId, request.params.addOnId, request.body)),
  );

  app.get(
    '/api/v1/orgs/:orgId/members/:memberId/add-ons',
    {
      schema: {
        tags,
        summary: 'The add-on licenses a person holds',
        params: MemberParams,
        response: { 200: MemberAddOns, ...errorResponses },
      },
    },
    async (request) => {
      const rows = await listMemberAddOns(services, request.actor, request.params.orgId, request.params.memberId);
      return { items: rows.map(presentMemberAddOn) };
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/members/:memberId/add-ons',
    {
      schema: {
        tags,
        summary: 'Give an active member an add-on license from the bank',
        description: 'Refused with 409 `no_seat` when none is free, and with 409 `conflict` when the member already holds one.',
        params: MemberParams,
        body: AssignAddOnBody,
        response: { 201: MemberAddOn, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await assignAddOn(services, request.actor, request.params.orgId, request.params.memberId, request.body.addOnId);
      return reply.status(201).send(presentMemberAddOn(row));
    },
  );

  app.delete(
    '/api/v1/orgs/:orgId/members/:memberId/add-ons/:addOnId',
    {
      schema: {
        tags,
        summary: 'Take an add-on license back: it returns to the bank, even a non-transferable one',
        params: MemberAddOnParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await unassignAddOn(services, request.actor, request.params.orgId, request.params.memberId, request.params.addOnId);
      return reply.status(204).send(null);
    },
  );
};
