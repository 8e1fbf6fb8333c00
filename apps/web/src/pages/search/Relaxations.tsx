import type { Relaxation } from '../../api/search';

/**
 * Nothing matched: the same search with one constraint relaxed, each with how many it finds.
 * Choosing one adds its parameters to the URL.
 */
export function Relaxations({ relaxations, onApply }: { relaxations: readonly Relaxation[]; onApply: (params: Record<string, string>) => void }) {
  return (
    <section aria-labelledby="no-results-title" className="rounded-2xl border border-slate-200 bg-white p-6">
      <h2 id="no-results-title" className="text-lg font-semibold text-slate-900">
        No instructor matches all of that
      </h2>
      {relaxations.length === 0 ? (
        <p className="mt-1 text-slate-700">Try removing a filter above, or say it another way.</p>
      ) : (
        <>
          <p className="mt-1 text-slate-700">Loosen one thing and you have options:</p>
          <ul aria-label="Suggestions" className="mt-3 flex flex-wrap gap-2">
            {relaxations.map((r) => (
              <li key={`${r.kind}-${r.label}`}>
                <button
                  type="button"
                  onClick={() => onApply(r.params)}
                  className="rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm font-semibold text-indigo-800 hover:bg-indigo-100"
                >
                  {r.label}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
