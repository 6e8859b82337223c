import type { paths } from './paths';

type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Success<Op> = Op extends { responses: infer R }
  ? R extends { 200: infer A }
    ? JsonOf<A>
    : R extends { 201: infer B }
      ? JsonOf<B>
      : R extends { 202: infer C }
        ? JsonOf<C>
        : never
  : never;
type BodyOf<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** The JSON a successful call returns, by path and method. */
export type ResponseOf<P extends keyof paths, M extends keyof paths[P]> = Success<paths[P][M]>;
/** The JSON body a call takes, by path and method. */
export type BodyFor<P extends keyof paths, M extends keyof paths[P]> = BodyOf<paths[P][M]>;

export type SessionView = ResponseOf<'/api/v1/auth/session', 'get'>;
export type Membership = NonNullable<SessionView['memberships']>[number];
export type Role = Membership['role'];
export type OrgView = ResponseOf<'/api/v1/orgs/{orgId}', 'get'>;
export type MemberList = ResponseOf<'/api/v1/orgs/{orgId}/members', 'get'>;
export type Member = MemberList['items'][number];
export type MemberStatus = Member['status'];
export type InviteResponse = ResponseOf<'/api/v1/orgs/{orgId}/invitations', 'post'>;
export type InviteResult = InviteResponse['results'][number];
export type InviteOutcome = InviteResult['outcome'];
export type InvitationPeek = ResponseOf<'/api/v1/invitations/{token}', 'get'>;
export type AuditList = ResponseOf<'/api/v1/orgs/{orgId}/audit-log', 'get'>;
export type AuditEntry = AuditList['items'][number];
export type OutboxList = ResponseOf<'/api/v1/outbox', 'get'>;
export type OutboxItem = OutboxList['items'][number];
export type OutboxEmail = ResponseOf<'/api/v1/outbox/{emailId}', 'get'>;
export type PasswordRules = ResponseOf<'/api/v1/auth/password-rules', 'get'>;
export type TeamList = ResponseOf<'/api/v1/orgs/{orgId}/teams', 'get'>;
export type Team = TeamList['items'][number];
export type Visibility = Team['visibility'];
export type TeamMember = ResponseOf<'/api/v1/orgs/{orgId}/teams/{teamId}/members', 'get'>['items'][number];
export type TeamRole = TeamMember['role'];
export type Training = ResponseOf<'/api/v1/orgs/{orgId}/teams/{teamId}/trainings', 'get'>['items'][number];
export type TrainingKind = Training['kind'];
export type MemberTraining = ResponseOf<'/api/v1/orgs/{orgId}/members/{memberId}/trainings', 'get'>['items'][number];
export type Licenses = ResponseOf<'/api/v1/orgs/{orgId}/licenses', 'get'>;
export type AddOn = Licenses['addOns'][number];
export type MemberAddOn = ResponseOf<'/api/v1/orgs/{orgId}/members/{memberId}/add-ons', 'get'>['items'][number];
export type MemberView = ResponseOf<'/api/v1/orgs/{orgId}/members/{memberId}', 'get'>;
export type ImportDetail = ResponseOf<'/api/v1/orgs/{orgId}/imports/{importId}', 'get'>;
export type ImportList = ResponseOf<'/api/v1/orgs/{orgId}/imports', 'get'>;
export type ImportSummary = ImportList['items'][number];
export type ImportStatus = ImportSummary['status'];
export type ImportMode = ImportSummary['mode'];
export type ImportPreview = ImportSummary['preview'];
export type ImportResults = ImportSummary['results'];
export type ImportProgress = ImportSummary['progress'];
export type ImportRow = ImportDetail['problems'][number];
export type ImportVerdict = NonNullable<ImportRow['verdict']>;
export type ImportOutcome = NonNullable<ImportRow['outcome']>;
