import { useId, useState } from 'react';
import type { SearchParse } from '../../api/search';
import { inputClass } from '../../components/form/styles';
import { AGE_GROUPS, LESSON_TYPES, LEVELS, type ChipEditor } from './chips';
import { NeighborhoodPicker } from './NeighborhoodPicker';

interface ChipEditorFormProps {
  editor: ChipEditor;
  parsed: SearchParse;
  onApply: (changes: Record<string, string | null>) => void;
  onCancel: () => void;
}

const panel = 'mt-3 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm';
const applyClass = 'rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700';
const cancelClass = 'rounded-lg px-3 py-2 text-sm font-semibold text-slate-700 hover:bg-slate-100';

/** The editor under the chips for one editable filter: a number, a choice, or a neighborhood. */
export function ChipEditorForm({ editor, parsed, onApply, onCancel }: ChipEditorFormProps) {
  if (editor === 'priceMax' || editor === 'priceMin') {
    return <PriceEditor which={editor} cents={editor === 'priceMax' ? parsed.priceMaxCents : parsed.priceMinCents} onApply={onApply} onCancel={onCancel} />;
  }
  if (editor === 'place') {
    return (
      <div className={panel}>
        <NeighborhoodPicker
          label="Neighborhood"
          current={parsed.location?.neighborhoods[0]?.code ?? ''}
          onPick={(code) => onApply({ neighborhood: code, borough: null, online: null, lat: null, lng: null })}
        />
        <button type="button" onClick={onCancel} className={cancelClass}>
          Cancel
        </button>
      </div>
    );
  }
  const { label, options, value, key } =
    editor === 'ageGroup'
      ? { label: 'Age', options: AGE_GROUPS, value: parsed.ageGroup, key: 'ageGroup' }
      : editor === 'level'
        ? { label: 'Level', options: LEVELS, value: parsed.level, key: 'level' }
        : { label: 'Lesson type', options: LESSON_TYPES, value: parsed.lessonType, key: 'lessonType' };
  return <ChoiceEditor label={label} options={options} value={value ?? ''} onPick={(v) => onApply({ [key]: v })} onCancel={onCancel} />;
}

function ChoiceEditor({ label, options, value, onPick, onCancel }: { label: string; options: ReadonlyArray<{ value: string; label: string }>; value: string; onPick: (value: string) => void; onCancel: () => void }) {
  const id = useId();
  return (
    <div className={panel}>
      <div>
        <label htmlFor={id} className="block text-sm font-semibold text-slate-800">
          {label}
        </label>
        <select id={id} value={value} onChange={(e) => onPick(e.target.value)} className={`mt-1 ${inputClass(false)}`}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <button type="button" onClick={onCancel} className={cancelClass}>
        Cancel
      </button>
    </div>
  );
}

function PriceEditor({ which, cents, onApply, onCancel }: { which: 'priceMax' | 'priceMin'; cents: number | null; onApply: ChipEditorFormProps['onApply']; onCancel: () => void }) {
  const id = useId();
  const [dollars, setDollars] = useState(cents === null ? '' : String(cents / 100));
  const value = Number(dollars);
  const valid = dollars.trim() !== '' && Number.isFinite(value) && value > 0 && value <= 10_000;
  return (
    <form
      className={panel}
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) onApply({ [which === 'priceMax' ? 'priceMaxCents' : 'priceMinCents']: String(Math.round(value * 100)) });
      }}
    >
      <div className="w-56">
        <label htmlFor={id} className="block text-sm font-semibold text-slate-800">
          {which === 'priceMax' ? 'Most you want to pay per hour ($)' : 'Least per hour ($)'}
        </label>
        <input
          id={id}
          type="number"
          inputMode="decimal"
          min={1}
          max={10000}
          step={1}
          value={dollars}
          onChange={(e) => setDollars(e.target.value)}
          aria-invalid={!valid}
          className={`mt-1 ${inputClass(!valid)}`}
        />
      </div>
      <button type="submit" disabled={!valid} className={`${applyClass} disabled:opacity-50`}>
        Apply
      </button>
      <button type="button" onClick={onCancel} className={cancelClass}>
        Cancel
      </button>
    </form>
  );
}
