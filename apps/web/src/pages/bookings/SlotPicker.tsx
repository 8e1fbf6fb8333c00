import { useQuery } from '@tanstack/react-query';
import { useEffect, useId } from 'react';
import { ErrorState } from '../../components/ErrorState';
import { inputClass } from '../../components/form/styles';
import { sameInstant, slotsQuery } from '../instructors/NextSlots';
import { formatDay, formatTime, newYorkDate } from './lessonText';

/**
 * The open starts of the next two weeks (the slots API, New York time) as a day and a time.
 * Only times the API lists can be chosen; a start from the address that is not open any more
 * is dropped (the caller clears it) rather than shown as if it were bookable.
 */
export function SlotPicker(props: {
  instructorId: string;
  serviceId: string;
  durationMinutes: number;
  value: string | null;
  onChange: (start: string | null) => void;
  invalid: boolean;
}) {
  const { instructorId, serviceId, durationMinutes, value, onChange, invalid } = props;
  const id = useId();
  const slots = useQuery(slotsQuery(instructorId, serviceId, durationMinutes));
  const listed = slots.data?.slots;
  const chosen = value && listed ? listed.find((s) => sameInstant(s.start, value))?.start : undefined;

  // The chosen start as the API spells it, or none when it is not open (any more).
  useEffect(() => {
    if (listed && value !== null && chosen !== value) onChange(chosen ?? null);
  }, [listed, value, chosen, onChange]);

  if (slots.isPending) {
    return (
      <p role="status" className="text-slate-600">
        Loading open times…
      </p>
    );
  }
  if (slots.isError) return <ErrorState error={slots.error} onRetry={() => void slots.refetch()} />;
  const starts = slots.data.slots.map((s) => s.start);
  if (starts.length === 0) return <p className="text-slate-700">No open times for this lesson in the next two weeks.</p>;

  const days = [...new Set(starts.map(newYorkDate))];
  const day = chosen ? newYorkDate(chosen) : days[0]!;
  const times = starts.filter((s) => newYorkDate(s) === day);

  return (
    <div className="flex flex-wrap gap-4">
      <div>
        <label htmlFor={`${id}-day`} className="block text-sm font-semibold text-slate-800">
          Day
        </label>
        <select
          id={`${id}-day`}
          value={day}
          // A new day: its first open time, so a time is always chosen once a day is.
          onChange={(e) => onChange(starts.find((s) => newYorkDate(s) === e.target.value) ?? null)}
          className={`mt-1 ${inputClass(false)}`}
        >
          {days.map((d) => (
            <option key={d} value={d}>
              {formatDay(starts.find((s) => newYorkDate(s) === d)!)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-time`} className="block text-sm font-semibold text-slate-800">
          Start time
        </label>
        <select
          id={`${id}-time`}
          value={chosen ?? ''}
          onChange={(e) => onChange(e.target.value || null)}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? `${id}-time-error` : undefined}
          className={`mt-1 ${inputClass(invalid)}`}
        >
          {!chosen && <option value="">Choose a time</option>}
          {times.map((s) => (
            <option key={s} value={s}>
              {formatTime(s)}
            </option>
          ))}
        </select>
        {invalid && (
          <p id={`${id}-time-error`} className="mt-1 text-sm text-red-700">
            Choose a start time.
          </p>
        )}
      </div>
    </div>
  );
}
