import { useId } from 'react';
import { fieldMessage } from '../../api/fieldErrors';
import { inputClass } from '../../components/form/styles';
import { languageName, languageOptions } from '../../lib/languages';

/**
 * The languages an instructor teaches in, chosen by name and kept as ISO 639 codes (what the
 * API stores): the chosen ones as removable chips, and a list of names to add from.
 */
export function LanguageChooser({ value, onChange, error }: { value: readonly string[]; onChange: (codes: string[]) => void; error?: string }) {
  const id = useId();
  const available = languageOptions.filter((l) => !value.includes(l.code));
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-semibold text-slate-800">Languages you teach in</legend>
      {value.length > 0 ? (
        <ul className="mt-1.5 flex flex-wrap gap-2" aria-label="Chosen languages">
          {value.map((code) => (
            <li key={code} className="inline-flex items-center gap-1 rounded-full bg-indigo-50 py-1 pr-1 pl-3 text-sm text-indigo-900">
              {languageName(code)}
              <button
                type="button"
                onClick={() => onChange(value.filter((c) => c !== code))}
                aria-label={`Remove ${languageName(code)}`}
                className="grid h-5 w-5 place-items-center rounded-full text-indigo-700 hover:bg-indigo-100"
              >
                <svg viewBox="0 0 24 24" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth={2.5} aria-hidden="true" focusable="false">
                  <path d="M18 6 6 18M6 6l12 12" />
                </svg>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-sm text-slate-600">None chosen yet.</p>
      )}
      <label htmlFor={`${id}-add`} className="sr-only">
        Add a language
      </label>
      <select
        id={`${id}-add`}
        value=""
        onChange={(e) => e.target.value && onChange([...value, e.target.value])}
        aria-invalid={error ? true : undefined}
        className={`mt-2 max-w-xs ${inputClass(Boolean(error))}`}
      >
        <option value="">Add a language…</option>
        {available.map((l) => (
          <option key={l.code} value={l.code}>
            {l.name}
          </option>
        ))}
      </select>
      {error && (
        <p id={`${id}-error`} className="mt-1.5 text-sm font-medium text-red-700">
          {fieldMessage('Languages', error)}
        </p>
      )}
    </fieldset>
  );
}
