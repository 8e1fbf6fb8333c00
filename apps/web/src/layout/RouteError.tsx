import { Link, isRouteErrorResponse, useRouteError } from 'react-router';

/** Shown inside the layout when a page throws while rendering. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : undefined;

  return (
    <section role="alert" className="mx-auto max-w-xl py-12 text-center">
      <title>Something went wrong · InstaInstru</title>
      <h1 className="text-3xl font-bold tracking-tight">Something went wrong</h1>
      <p className="mt-3 text-slate-600">This page could not be displayed. Please try again.</p>
      {message && <p className="mt-2 font-mono text-sm text-slate-500">{message}</p>}
      <Link
        to="/"
        className="mt-6 inline-flex rounded-lg bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-700"
      >
        Back to home
      </Link>
    </section>
  );
}
