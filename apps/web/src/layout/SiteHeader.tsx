import { Link } from 'react-router';

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
        <p className="hidden text-sm text-slate-600 sm:block">Local lessons in New York City</p>
      </div>
    </header>
  );
}
