import { useState } from 'react';
import type { SearchParse } from '../../api/search';
import { XIcon } from '../../components/icons/icons';
import { buildChips, type Chip } from './chips';
import { ChipEditorForm } from './ChipEditorForm';

interface ParseChipsProps {
  parsed: SearchParse;
  query: string;
  /** Applies URL changes (a chip removed or edited): the results follow the URL. */
  onChange: (changes: Record<string, string | null>) => void;
}

/** What the search understood, one chip per filter: remove any, edit the simple ones. */
export function ParseChips({ parsed, query, onChange }: ParseChipsProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const chips = buildChips(parsed, query);
  if (chips.length === 0) return <p className="text-sm text-slate-600">No filters: showing every instructor with open times.</p>;
  const editingChip = chips.find((c) => c.id === editing && c.editor);

  return (
    <div>
      <ul aria-label="Search filters" className="flex flex-wrap gap-2">
        {chips.map((chip) => (
          <li key={chip.id}>
            <ChipView
              chip={chip}
              expanded={editing === chip.id}
              onEdit={() => setEditing((current) => (current === chip.id ? null : chip.id))}
              onRemove={() => {
                setEditing(null);
                if (chip.remove) onChange(chip.remove);
              }}
            />
          </li>
        ))}
      </ul>
      {editingChip?.editor && (
        <ChipEditorForm
          key={editingChip.id}
          editor={editingChip.editor}
          parsed={parsed}
          onApply={(changes) => {
            setEditing(null);
            onChange(changes);
          }}
          onCancel={() => setEditing(null)}
        />
      )}
    </div>
  );
}

function ChipView({ chip, expanded, onEdit, onRemove }: { chip: Chip; expanded: boolean; onEdit: () => void; onRemove: () => void }) {
  const text = (
    <>
      <span className="text-indigo-600">{chip.kind}:</span> {chip.label}
    </>
  );
  return (
    <span className="inline-flex items-center rounded-full border border-indigo-200 bg-indigo-50 text-sm font-medium text-indigo-900">
      {chip.editor ? (
        <button
          type="button"
          aria-expanded={expanded}
          aria-label={`Change ${chip.kind.toLowerCase()}: ${chip.label}`}
          onClick={onEdit}
          className="rounded-l-full py-1 pr-1 pl-3 hover:underline"
        >
          {text}
        </button>
      ) : (
        <span className="py-1 pr-1 pl-3">{text}</span>
      )}
      {chip.remove && (
        <button
          type="button"
          aria-label={`Remove ${chip.kind.toLowerCase()}: ${chip.label}`}
          onClick={onRemove}
          className="mr-1 grid h-7 w-7 place-items-center rounded-full text-indigo-700 hover:bg-indigo-100"
        >
          <XIcon className="h-3.5 w-3.5" />
        </button>
      )}
      {!chip.remove && <span className="w-2" />}
    </span>
  );
}
