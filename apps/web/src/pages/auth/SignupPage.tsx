import { Link, Navigate, useSearchParams } from 'react-router';
import { useSession } from '../../auth/useSession';
import { linkClass } from '../../components/form/styles';
import { AuthCard } from './AuthCard';
import { SignupForm } from './SignupForm';

/** `/signup` (`?role=instructor` preselects teaching). */
export function SignupPage() {
  const session = useSession();
  const [params] = useSearchParams();
  if (session.status === 'signedIn') return <Navigate to="/account" replace />;

  return (
    <AuthCard
      title="Create your account"
      intro="Book trusted local instructors, or teach your own students."
      footer={
        <>
          Already have an account?{' '}
          <Link to="/login" className={linkClass}>
            Log in
          </Link>
        </>
      }
    >
      <SignupForm initialRole={params.get('role') === 'instructor' ? 'instructor' : 'student'} />
    </AuthCard>
  );
}
