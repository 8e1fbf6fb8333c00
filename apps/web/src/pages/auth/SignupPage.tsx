import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useSession } from '../../auth/useSession';
import { linkClass } from '../../components/form/styles';
import { AuthCard } from './AuthCard';
import { SignupForm } from './SignupForm';

/** `/signup` (`?role=instructor` preselects teaching). */
export function SignupPage() {
  const session = useSession();
  const [params] = useSearchParams();
  // Set when this form created the account: the form then navigates itself (to a page that may
  // still be loading), and this page must not redirect over it.
  const [signedUpHere, setSignedUpHere] = useState(false);
  if (session.status === 'signedIn' && !signedUpHere) return <Navigate to="/account" replace />;

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
      <SignupForm initialRole={params.get('role') === 'instructor' ? 'instructor' : 'student'} onSignedUp={() => setSignedUpHere(true)} />
    </AuthCard>
  );
}
