import type { ReactNode } from 'react';
import { RequireAuth } from '../../auth/RequireAuth';
import { useSession } from '../../auth/useSession';

/** Instructor pages: signed-in users with the instructor role; others are told why not. */
export function InstructorGate({ title, children }: { title: string; children: ReactNode }) {
  return (
    <RequireAuth>
      <InstructorsOnly title={title}>{children}</InstructorsOnly>
    </RequireAuth>
  );
}

function InstructorsOnly({ title, children }: { title: string; children: ReactNode }) {
  const session = useSession();
  if (session.status !== 'signedIn') return null;
  if (!session.user.roles.includes('instructor')) {
    return (
      <div className="mx-auto max-w-xl py-12 text-center">
        <h1 className="text-2xl font-bold text-slate-900">{title}</h1>
        <p className="mt-3 text-slate-700">
          This area is for instructors. Your account is set up for learning — to teach on InstaInstru, sign up with an
          instructor account.
        </p>
      </div>
    );
  }
  return children;
}
