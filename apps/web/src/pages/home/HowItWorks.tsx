const steps = [
  { title: 'Choose a lesson', text: 'Browse categories and services, from piano to Spanish to swimming.' },
  { title: 'Book a time instantly', text: 'Pick a length, a free slot and where to meet. Your card is saved, not charged.' },
  { title: 'Learn, then pay', text: 'The card is authorized 24 hours before the lesson and charged after it.' },
];

export function HowItWorks() {
  return (
    <section aria-labelledby="how-title" className="mt-16">
      <h2 id="how-title" className="text-2xl font-bold tracking-tight sm:text-3xl">
        How it works
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
    </section>
  );
}
