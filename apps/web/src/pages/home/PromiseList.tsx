import { features } from './promises';

/** "What you can do here": the features that exist today (see promises.ts). */
export function PromiseList() {
  return (
    <section aria-labelledby="promise-title" className="mt-16">
      <h2 id="promise-title" className="text-2xl font-bold tracking-tight sm:text-3xl">
        What you can do on InstaInstru
      </h2>
      <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {features.map(({ icon: FeatureIcon, title, text }) => (
          <li key={title} className="rounded-2xl border border-slate-200 bg-white p-6">
            <span className="grid h-10 w-10 place-items-center rounded-xl bg-indigo-50 text-indigo-700">
              <FeatureIcon className="h-5 w-5" />
            </span>
            <h3 className="mt-3 font-semibold text-slate-900">{title}</h3>
            <p className="mt-1 text-sm leading-6 text-slate-600">{text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
