import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { isOperatorMode } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { PublicLayout } from '../components/PublicLayout';
import { useSession } from './session';

function useLoginRedirect(): string {
  const location = useLocation();
  return `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
}

/** A person signed in with the cookie, or (where allowOperator) the operator of this tab. */
export function RequireSignIn({ children, allowOperator = false }: { children: ReactNode; allowOperator?: boolean }) {
  const session = useSession();
  const login = useLoginRedirect();
  if (allowOperator && isOperatorMode()) return children;
  if (session.isPending) return <PageLoader />;
  if (session.isError) {
    return (
      <PublicLayout title="Roster is not answering">
        <ErrorAlert error={session.error} onRetry={() => void session.refetch()} />
      </PublicLayout>
    );
  }
  if (!session.data.authenticated || !session.data.account) return <Navigate to={login} replace />;
  return children;
}

export function RequireOperator({ children }: { children: ReactNode }) {
  const location = useLocation();
  if (!isOperatorMode()) return <Navigate to={`/operator?next=${encodeURIComponent(location.pathname)}`} replace />;
  return children;
}
