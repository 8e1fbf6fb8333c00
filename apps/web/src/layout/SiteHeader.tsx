import { Link, useLocation } from 'react-router';
import { useSession } from '../auth/useSession';
import { SearchBox } from '../components/search/SearchBox';
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

/** The header's search box, except on the home page (its hero has the big one); on /search it holds the query. */
function HeaderSearch() {
  const location = useLocation();
  if (location.pathname === '/') return null;
  const query = location.pathname === '/search' ? (new URLSearchParams(location.search).get('q') ?? '') : '';
  return (
    <div className="order-last w-full md:order-none md:w-auto md:max-w-md md:flex-1">
      <SearchBox variant="header" initialQuery={query} />
    </div>
  );
}

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 bg-white/90 backdrop-blur">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-3 px-4 py-4 sm:px-6 md:flex-nowrap">
        <Link to="/" className="flex items-center gap-2 rounded-lg text-xl font-bold tracking-tight text-slate-900">
          <span
            aria-hidden="true"
            className="grid h-9 w-9 place-items-center rounded-xl bg-indigo-600 text-base font-black text-white"
          >
            II
          </span>
          InstaInstru
        </Link>
        <HeaderSearch />
        <div className="flex items-center gap-6">
          <p className="hidden text-sm text-slate-600 lg:block">Local lessons in New York City</p>
          <SessionLinks />
        </div>
      </div>
    </header>
  );
}
