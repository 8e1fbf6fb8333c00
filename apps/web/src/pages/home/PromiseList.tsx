import { promises } from './promises';

export function PromiseList() {
  return (
    <section aria-labelledby="promise-title" className="mt-16">
      <h2 id="promise-title" className="text-2xl font-bold tracking-tight sm:text-3xl">
        Why students book on InstaInstru
      </h2>
      <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {promises.map((p) => (
          <li key={p.title} className="rounded-2xl border border-slate-200 bg-white p-6">
            <span aria-hidden="true" className="text-2xl">
              {p.icon}
            </span>
            <h3 className="mt-3 font-semibold text-slate-900">{p.title}</h3>
            <p className="mt-1 text-sm leading-6 text-slate-600">{p.text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
