import { Link } from 'react-router';
import { useSession } from '../auth/useSession';
import { UserMenu } from './UserMenu';

/** Logo, and the visitor's session: "Log in / Sign up", or their name with a menu. */
function SessionLinks() {
  const session = useSession();
  if (session.status === 'restoring') return <span aria-hidden="true" className="h-9 w-32" />;
  if (session.status === 'signedIn') return <UserMenu name={session.user.name} isInstructor={session.user.roles.includes('instructor')} />;
  return (
    <nav aria-label="Account" className="flex items-center gap-2">
      <Link to="/login" className="rounded-lg px-3 py-1.5 font-semibold text-slate-700 hover:bg-slate-100">
        Log in
      </Link>
      <Link to="/signup" className="rounded-lg bg-indigo-600 px-3 py-1.5 font-semibold text-white hover:bg-indigo-700">
        Sign up
      </Link>
    </nav>
  );
}

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 bg-white/90 backdrop-blur">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-4 sm:px-6">
        <Link to="/" className="flex items-center gap-2 rounded-lg text-xl font-bold tracking-tight text-slate-900">
          <span
            aria-hidden="true"
            className="grid h-9 w-9 place-items-center rounded-xl bg-indigo-600 text-base font-black text-white"
          >
            II
          </span>
          InstaInstru
        </Link>
        <div className="flex items-center gap-6">
          <p className="hidden text-sm text-slate-600 md:block">Local lessons in New York City</p>
          <SessionLinks />
        </div>
      </div>
    </header>
  );
}
