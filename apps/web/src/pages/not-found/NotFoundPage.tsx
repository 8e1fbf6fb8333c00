import { Link } from 'react-router';

interface NotFoundPageProps {
  title?: string;
  message?: string;
}

export function NotFoundPage({
  title = 'Page not found',
  message = 'We couldn’t find the page you were looking for. It may have moved, or the address may be mistyped.',
}: NotFoundPageProps) {
  return (
    <section className="mx-auto max-w-xl py-12 text-center">
      <title>{`${title} · InstaInstru`}</title>
      <p className="text-sm font-semibold text-indigo-700">404</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight sm:text-4xl">{title}</h1>
      <p className="mt-4 text-slate-600">{message}</p>
      <Link
        to="/"
        className="mt-8 inline-flex rounded-xl bg-indigo-600 px-5 py-3 font-semibold text-white hover:bg-indigo-700"
      >
        Back to home
      </Link>
    </section>
  );
}
