import { Navigate, useLocation } from 'react-router';
import { isOperatorMode } from '../api/client';
import { useSession } from '../app/session';
import { PageLoader } from '../components/PageLoader';
import { can } from '../lib/roles';

/** /: the operator goes to the organizations, a person to the organization they manage (or the list, or their learning), others sign in. */
export function HomeRedirect() {
  const session = useSession();
  const location = useLocation();
  if (isOperatorMode()) return <Navigate to="/operator/orgs" replace />;
  if (session.isPending) return <PageLoader />;
  if (!session.data?.authenticated || !session.data.account) return <Navigate to="/login" replace />;
  const managed = (session.data.memberships ?? []).filter((membership) => can.managePeople(membership.role));
  const only = managed.length === 1 && session.data.memberships?.length === 1 ? managed[0] : undefined;
  // Someone who manages nothing is a learner: sent to their learning.
  const to = only ? `/orgs/${only.orgId}/members` : managed.length === 0 ? '/my/trainings' : '/orgs';
  return <Navigate to={to} replace state={location.state} />;
}
