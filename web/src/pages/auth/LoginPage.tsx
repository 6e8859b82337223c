import { useNavigate, useSearchParams } from 'react-router';
import { PublicLayout } from '../../components/PublicLayout';
import { safeNext } from '../../lib/form-errors';
import { usePageTitle } from '../../lib/use-page-title';
import { SignInForm } from './SignInForm';

export function LoginPage() {
  usePageTitle('Sign in');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  return (
    <PublicLayout title="Sign in to Roster" subtitle="Use your email address, or the username your administrator gave you.">
      <SignInForm defaultLogin={params.get('login') ?? ''} onSignedIn={() => navigate(next ?? '/', { replace: true })} />
    </PublicLayout>
  );
}
