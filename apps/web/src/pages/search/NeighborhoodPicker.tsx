import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { inputClass } from '../../components/form/styles';
import { neighborhoodsQuery } from '../instructor/api';

interface Option {
  code: string;
  name: string;
  borough: string;
}

/**
 * A select of the residential NYC neighborhoods, by borough then name (the same list the
 * service-area map uses, cached for the session once loaded).
 */
export function NeighborhoodPicker({ label, current, onPick }: { label: string; current: string; onPick: (code: string) => void }) {
  const id = useId();
  const neighborhoods = useQuery(neighborhoodsQuery);
  const options: Option[] = (neighborhoods.data?.features ?? [])
    .filter((f) => (f.properties as { residential?: boolean }).residential !== false)
    .map((f) => f.properties)
    .sort((a, b) => a.borough.localeCompare(b.borough) || a.name.localeCompare(b.name));
  const boroughs = [...new Set(options.map((o) => o.borough))];

  return (
    <div className="min-w-60">
      <label htmlFor={id} className="block text-sm font-semibold text-slate-800">
        {label}
      </label>
      <select
        id={id}
        value={current}
        disabled={!neighborhoods.data}
        onChange={(e) => e.target.value && onPick(e.target.value)}
        className={`mt-1 ${inputClass(neighborhoods.isError)}`}
      >
        <option value="">{neighborhoods.isPending ? 'Loading neighborhoods…' : neighborhoods.isError ? 'Could not load neighborhoods' : 'Choose a neighborhood'}</option>
        {boroughs.map((borough) => (
          <optgroup key={borough} label={borough}>
            {options
              .filter((o) => o.borough === borough)
              .map((o) => (
                <option key={o.code} value={o.code}>
                  {o.name}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
