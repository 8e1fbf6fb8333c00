import type { ReactNode } from 'react';

/** One onboarding step, a card labelled by its heading, reachable by its anchor. */
export function StepSection({ id, title, description, children }: { id: string; title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="scroll-mt-6 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id={`${id}-heading`} className="text-xl font-semibold tracking-tight text-slate-900">
        {title}
      </h2>
      {description && <div className="mt-1 text-sm text-slate-600">{description}</div>}
      <div className="mt-5">{children}</div>
    </section>
  );
}

export function Saved({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="text-sm font-medium text-green-800">
      {children}
    </p>
  );
}
