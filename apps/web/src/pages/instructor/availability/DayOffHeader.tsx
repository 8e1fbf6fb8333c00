import { dayLabel } from '../cells';

interface DayOffHeaderProps {
  date: string;
  off: boolean;
  reason: string;
  onToggle: () => void;
  onReason: (reason: string) => void;
  past: boolean;
}

/**
 * A day's column header: its date, an "Unavailable all day" toggle (the whole date blocked,
 * whatever the grid says) and, when on, an optional reason. Named apart from "Time off", the
 * panel below that blocks ranges of dates. Past days cannot be changed.
 */
export function DayOffHeader({ date, off, reason, onToggle, onReason, past }: DayOffHeaderProps) {
  const label = dayLabel(date);
  return (
    <th scope="col" className={`p-1 align-top font-semibold text-slate-800 ${off ? 'bg-slate-100' : ''}`}>
      <span className="block">{label}</span>
      <button
        type="button"
        aria-pressed={off}
        aria-label={`Unavailable all day on ${label}`}
        onClick={onToggle}
        disabled={past}
        className={`mt-1 rounded-full border px-2 py-0.5 text-[11px] leading-tight font-medium disabled:cursor-not-allowed disabled:opacity-50 ${
          off ? 'border-slate-600 bg-slate-700 text-white' : 'border-slate-300 bg-white text-slate-600 hover:bg-slate-50'
        }`}
      >
        Unavailable all day
      </button>
      {off && (
        <input
          type="text"
          value={reason}
          maxLength={200}
          placeholder="Reason (optional)"
          disabled={past}
          aria-label={`Why you are unavailable on ${label} (optional)`}
          onChange={(e) => onReason(e.target.value)}
          className="mt-1 block w-full min-w-0 rounded border border-slate-300 bg-white px-1 py-0.5 text-[11px] font-normal text-slate-900 placeholder:text-slate-400"
        />
      )}
    </th>
  );
}
