import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { loginPathFor } from './safeNext';
import { useSession } from './useSession';

/** Renders its children for a signed-in user; sends anyone else to log in, then back here. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();

  if (session.status === 'restoring') {
    return (
      <p role="status" className="py-12 text-center text-slate-600">
        Checking your session…
      </p>
    );
  }
  if (session.status === 'signedOut') {
    // Logging out from a signed-in page ends on the home page, not on the login form.
    if (session.reason === 'loggedOut') return <Navigate to="/" replace />;
    return <Navigate to={loginPathFor(`${location.pathname}${location.search}${location.hash}`)} replace />;
  }
  return children;
}
