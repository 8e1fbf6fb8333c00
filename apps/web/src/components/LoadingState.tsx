interface LoadingStateProps {
  label: string;
  /** How many placeholder cards to show while loading. */
  cards?: number;
}

/** Announces loading to assistive technology and shows card-shaped placeholders. */
export function LoadingState({ label, cards = 6 }: LoadingStateProps) {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">{label}</span>
      <div aria-hidden="true" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {Array.from({ length: cards }, (_, i) => (
          <div key={i} className="h-44 animate-pulse rounded-2xl border border-slate-200 bg-white p-6">
            <div className="h-8 w-8 rounded-lg bg-slate-200" />
            <div className="mt-4 h-4 w-1/2 rounded bg-slate-200" />
            <div className="mt-3 h-3 w-full rounded bg-slate-100" />
            <div className="mt-2 h-3 w-4/5 rounded bg-slate-100" />
          </div>
        ))}
      </div>
    </div>
  );
}
