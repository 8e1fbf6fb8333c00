import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import type { AuthResult } from '../../api/auth';
import { safeNext } from '../../auth/safeNext';
import { startSession } from '../../auth/session';
import { useSession } from '../../auth/useSession';
import { linkClass } from '../../components/form/styles';
import { AuthCard } from './AuthCard';
import { LoginForm } from './LoginForm';

/** `/login?next=/somewhere`: back to `next` (or home) once signed in. */
export function LoginPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));

  if (session.status === 'signedIn') return <Navigate to={next} replace />;

  function onSignedIn(result: AuthResult) {
    startSession(result);
    navigate(next, { replace: true });
  }

  return (
    <AuthCard
      title="Log in"
      intro="Welcome back to InstaInstru."
      footer={
        <>
          New here?{' '}
          <Link to="/signup" className={linkClass}>
            Create an account
          </Link>
        </>
      }
    >
      <LoginForm onSignedIn={onSignedIn} />
    </AuthCard>
  );
}
