import { Link } from 'react-router';

/** For instructors: what they can set up today (the guided setup under /instructor/setup). */
const steps = [
  { title: 'Create your profile', text: 'A photo, a headline, your experience, the languages and levels you teach.' },
  { title: 'Say where and what', text: 'Pick the neighborhoods you travel to, your studio or online, your services and prices.' },
  { title: 'Open your calendar', text: 'Paint your weekly availability; students see your open times on your public profile.' },
];

export function HowItWorks() {
  return (
    <section aria-labelledby="how-title" className="mt-16">
      <h2 id="how-title" className="text-2xl font-bold tracking-tight sm:text-3xl">
        Teach on InstaInstru
      </h2>
      <ol className="mt-6 grid gap-4 md:grid-cols-3">
        {steps.map((step, i) => (
          <li key={step.title} className="flex gap-4 rounded-2xl bg-indigo-50 p-6">
            <span
              aria-hidden="true"
              className="grid h-9 w-9 shrink-0 place-items-center rounded-full bg-indigo-600 font-bold text-white"
            >
              {i + 1}
            </span>
            <div>
              <h3 className="font-semibold text-slate-900">{step.title}</h3>
              <p className="mt-1 text-sm leading-6 text-slate-700">{step.text}</p>
            </div>
          </li>
        ))}
      </ol>
      <Link
        to="/signup?role=instructor"
        className="mt-6 inline-flex rounded-xl bg-indigo-600 px-5 py-3 font-semibold text-white hover:bg-indigo-700"
      >
        Sign up to teach
      </Link>
    </section>
  );
}
