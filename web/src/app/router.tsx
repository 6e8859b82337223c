import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { PageLoader } from '../components/PageLoader';
import { can } from '../lib/roles';
import { MyAccountPage } from '../pages/account/MyAccountPage';
import { ForgotPasswordPage } from '../pages/auth/ForgotPasswordPage';
import { LoginPage } from '../pages/auth/LoginPage';
import { PasswordTokenPage } from '../pages/auth/PasswordTokenPage';
import { HomeRedirect } from '../pages/HomeRedirect';
import { InvitePage } from '../pages/invite/InvitePage';
import { JoinWayInPage } from '../pages/join/JoinWayInPage';
import { MyLearningPage } from '../pages/learning/MyLearningPage';
import { MyOrgsPage } from '../pages/MyOrgsPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { CreateOrgPage } from '../pages/operator/CreateOrgPage';
import { OperatorLayout } from '../pages/operator/OperatorLayout';
import { OperatorSignInPage } from '../pages/operator/OperatorSignInPage';
import { OrgsListPage } from '../pages/operator/OrgsListPage';
import { OutboxPage } from '../pages/operator/OutboxPage';
import { ImportDetailPage } from '../pages/org/imports/ImportDetailPage';
import { ImportPage } from '../pages/org/imports/ImportPage';
import { ApiKeysPage } from '../pages/org/integrations/ApiKeysPage';
import { WebhooksPage } from '../pages/org/integrations/WebhooksPage';
import { JoinPageSettingsPage } from '../pages/org/join-page/JoinPageSettingsPage';
import { LicensesPage } from '../pages/org/licenses/LicensesPage';
import { LinksPage } from '../pages/org/links/LinksPage';
import { AuditLogPage } from '../pages/org/logs/AuditLogPage';
import { MembersPage } from '../pages/org/members/MembersPage';
import { OrgLayout } from '../pages/org/OrgLayout';
import { useOrg } from '../pages/org/org-context';
import { PersonPage } from '../pages/org/person/PersonPage';
import { SettingsPage } from '../pages/org/settings/SettingsPage';
import { TeamsPage } from '../pages/org/teams/TeamsPage';
import { SetUpUserPage } from '../pages/org/users/SetUpUserPage';
import { RequireSignIn } from './guards';
import { RouteError } from './RouteError';

// The charts are a large library: fetched when an administrator opens the dashboard, not with the app.
const DashboardPage = lazy(() => import('../pages/org/dashboard/DashboardPage').then((module) => ({ default: module.DashboardPage })));

/** /orgs/:orgId alone: the dashboard for administrators, the members for the others; any message handed over is kept. */
function OrgHome() {
  const location = useLocation();
  const { role } = useOrg();
  if (can.seeDashboard(role)) {
    return (
      <Suspense fallback={<PageLoader />}>
        <DashboardPage />
      </Suspense>
    );
  }
  return <Navigate to="members" replace state={location.state} />;
}

export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      { path: '/', element: <HomeRedirect /> },
      { path: '/login', element: <LoginPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/set-password/:token', element: <PasswordTokenPage /> },
      { path: '/reset-password/:token', element: <PasswordTokenPage /> },
      { path: '/invite/:token', element: <InvitePage /> },
      { path: '/join/:key', element: <JoinWayInPage /> },
      {
        path: '/orgs',
        element: (
          <RequireSignIn>
            <MyOrgsPage />
          </RequireSignIn>
        ),
      },
      {
        path: '/my/trainings',
        element: (
          <RequireSignIn>
            <MyLearningPage />
          </RequireSignIn>
        ),
      },
      {
        path: '/my/account',
        element: (
          <RequireSignIn>
            <MyAccountPage />
          </RequireSignIn>
        ),
      },
      { path: '/my', element: <Navigate to="/my/trainings" replace /> },
      {
        path: '/orgs/:orgId',
        element: (
          <RequireSignIn allowOperator>
            <OrgLayout />
          </RequireSignIn>
        ),
        children: [
          { index: true, element: <OrgHome /> },
          { path: 'members', element: <MembersPage /> },
          { path: 'members/:memberId', element: <PersonPage /> },
          { path: 'teams', element: <TeamsPage /> },
          { path: 'licenses', element: <LicensesPage /> },
          { path: 'users/new', element: <SetUpUserPage /> },
          { path: 'imports', element: <ImportPage /> },
          { path: 'imports/:importId', element: <ImportDetailPage /> },
          { path: 'settings', element: <SettingsPage /> },
          { path: 'settings/api-keys', element: <ApiKeysPage /> },
          { path: 'settings/webhooks', element: <WebhooksPage /> },
          { path: 'links', element: <LinksPage /> },
          { path: 'join-page', element: <JoinPageSettingsPage /> },
          { path: 'logs', element: <AuditLogPage /> },
        ],
      },
      { path: '/operator', element: <OperatorSignInPage /> },
      {
        path: '/operator',
        element: <OperatorLayout />,
        children: [
          { path: 'orgs', element: <OrgsListPage /> },
          { path: 'orgs/new', element: <CreateOrgPage /> },
          { path: 'outbox', element: <OutboxPage /> },
          { path: 'outbox/:emailId', element: <OutboxPage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
