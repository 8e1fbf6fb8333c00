import { secondaryButtonClass } from '../../../components/form/styles';

/** The 412 answer to a save: someone changed the week since it was loaded here. */
export function ConflictAlert({ onReload }: { onReload: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <p className="font-semibold">This week was changed somewhere else.</p>
      <p className="mt-1">Reload it to see the latest version, then make your changes again.</p>
      <button type="button" className={`mt-2 ${secondaryButtonClass}`} onClick={onReload}>
        Reload week
      </button>
    </div>
  );
}
