import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ACCOUNT_KEY } from '../../api/account';
import { verifyEmail } from '../../api/auth';
import { ApiProblem } from '../../api/problem';
import { updateSessionUser } from '../../auth/session';
import { useSession } from '../../auth/useSession';
import { linkClass, primaryButtonClass } from '../../components/form/styles';
import { AuthCard } from './AuthCard';

/** `/verify-email?token=…`: the link from the welcome email; verifies on arrival. */
export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const session = useSession();
  const queryClient = useQueryClient();
  const signedIn = session.status === 'signedIn';

  // A query rather than an effect: it runs once per token, even when React mounts twice.
  const verification = useQuery({
    queryKey: ['verify-email', token],
    queryFn: () => verifyEmail(token),
    enabled: token !== '',
    retry: false,
    staleTime: Infinity,
    gcTime: Infinity,
  });

  useEffect(() => {
    if (!verification.isSuccess) return;
    updateSessionUser({ emailVerified: true });
    void queryClient.invalidateQueries({ queryKey: ACCOUNT_KEY });
  }, [verification.isSuccess, queryClient]);

  const continueLink = signedIn ? (
    <Link to="/account" className={`${primaryButtonClass} w-full`}>
      Continue to your account
    </Link>
  ) : (
    <Link to="/login?next=%2Faccount" className={`${primaryButtonClass} w-full`}>
      Log in to continue
    </Link>
  );

  if (!token) {
    return (
      <AuthCard title="Verification link incomplete">
        <p role="alert" className="text-slate-700">
          This address is missing its verification token. Open the link from the email again.
        </p>
      </AuthCard>
    );
  }

  if (verification.isPending) {
    return (
      <AuthCard title="Verifying your email">
        <p role="status" className="text-slate-700">
          One moment while we confirm your email address…
        </p>
      </AuthCard>
    );
  }

  if (verification.isError) {
    const problem = verification.error instanceof ApiProblem ? verification.error : undefined;
    return (
      <AuthCard title="This link didn’t work">
        <div role="alert" className="space-y-2 text-slate-700">
          <p className="font-semibold text-red-800">{problem?.title ?? 'Verification failed'}</p>
          <p>{problem?.detail ?? 'The verification link is invalid or has expired.'}</p>
        </div>
        <p className="mt-4 text-sm text-slate-600">
          {signedIn ? (
            <>
              You can send yourself a new link from{' '}
              <Link to="/account" className={linkClass}>
                your account
              </Link>
              .
            </>
          ) : (
            <>
              <Link to="/login?next=%2Faccount" className={linkClass}>
                Log in
              </Link>{' '}
              to send yourself a new link.
            </>
          )}
        </p>
      </AuthCard>
    );
  }

  if (verification.data?.alreadyVerified) {
    return (
      <AuthCard title="Email already verified">
        <div role="status" className="space-y-4 text-slate-700">
          <p>Your email address is already verified: this link has done its job, and there is nothing more to do.</p>
          {continueLink}
        </div>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Email verified">
      <div role="status" className="space-y-4 text-slate-700">
        <p>Thanks — your email address is confirmed.</p>
        {continueLink}
      </div>
    </AuthCard>
  );
}
