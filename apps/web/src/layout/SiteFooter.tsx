const linkClass = 'rounded text-slate-300 underline-offset-4 hover:text-white hover:underline';

export function SiteFooter() {
  return (
    <footer className="mt-16 bg-slate-900 text-slate-300">
      <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-10 sm:flex-row sm:items-start sm:justify-between sm:px-6">
        <div>
          <p className="text-lg font-semibold text-white">InstaInstru</p>
          <p className="mt-1 max-w-sm text-sm">
            Find local instructors in New York City. Open source.
          </p>
        </div>
        <nav aria-label="Developers">
          <h2 className="text-sm font-semibold text-white">Developers</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {/* Served by the API server, not the web app: plain links, not router links. */}
            <li>
              <a href="/docs" className={linkClass}>
                API documentation
              </a>
            </li>
            <li>
              <a href="/api/v1/openapi.json" className={linkClass}>
                OpenAPI specification
              </a>
            </li>
          </ul>
        </nav>
      </div>
      <div className="border-t border-slate-800">
        <p className="mx-auto max-w-6xl px-4 py-4 text-xs text-slate-400 sm:px-6">
          Prices are in US dollars. Lessons across all five boroughs and online.
        </p>
      </div>
    </footer>
  );
}
