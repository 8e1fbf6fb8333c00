import { dayLabel } from '../cells';

interface DayOffHeaderProps {
  date: string;
  off: boolean;
  reason: string;
  onToggle: () => void;
  onReason: (reason: string) => void;
}

/** A day's column header: its date, a "Day off" toggle and, when off, an optional reason. */
export function DayOffHeader({ date, off, reason, onToggle, onReason }: DayOffHeaderProps) {
  const label = dayLabel(date);
  return (
    <th scope="col" className={`p-1 align-top font-semibold text-slate-800 ${off ? 'bg-slate-100' : ''}`}>
      <span className="block">{label}</span>
      <button
        type="button"
        aria-pressed={off}
        aria-label={`Day off on ${label}`}
        onClick={onToggle}
        className={`mt-1 rounded-full border px-2 py-0.5 text-[11px] font-medium ${
          off ? 'border-slate-600 bg-slate-700 text-white' : 'border-slate-300 bg-white text-slate-600 hover:bg-slate-50'
        }`}
      >
        Day off
      </button>
      {off && (
        <input
          type="text"
          value={reason}
          maxLength={200}
          placeholder="Reason (optional)"
          aria-label={`Reason for the day off on ${label} (optional)`}
          onChange={(e) => onReason(e.target.value)}
          className="mt-1 block w-full min-w-0 rounded border border-slate-300 bg-white px-1 py-0.5 text-[11px] font-normal text-slate-900 placeholder:text-slate-400"
        />
      )}
    </th>
  );
}
