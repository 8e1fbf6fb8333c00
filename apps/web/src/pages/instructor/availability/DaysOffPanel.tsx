import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { fieldErrorsOf } from '../../../api/fieldErrors';
import { FormAlert } from '../../../components/form/FormAlert';
import { primaryButtonClass, secondaryButtonClass } from '../../../components/form/styles';
import { TextField } from '../../../components/form/TextField';
import { useFocusFirstInvalid } from '../../../components/form/useFocusFirstInvalid';
import { addBlackouts, blackoutsQuery, removeBlackouts } from '../api';
import { dayLabel, shortDate } from '../cells';
import { Saved } from '../StepSection';
import { groupBlackouts, type BlackoutRange } from './ranges';

const rangeLabel = (range: BlackoutRange) => (range.from === range.to ? dayLabel(range.from) : `${shortDate(range.from)} – ${shortDate(range.to)}`);

/**
 * Time off: blocked ranges of dates (vacations, holidays), the upcoming ones grouped into
 * ranges, each removable, and a form to add more. Every change gives the weeks it touches
 * a new ETag, so the week editor reloads.
 */
export function DaysOffPanel() {
  const queryClient = useQueryClient();
  const list = useQuery(blackoutsQuery);
  const formRef = useRef<HTMLFormElement>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['availability'] });
  const add = useMutation({
    mutationFn: addBlackouts,
    onSuccess: async () => {
      setFrom('');
      setTo('');
      setReason('');
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (range: BlackoutRange) => removeBlackouts(range.from, range.to),
    onSettled: refresh,
  });
  const errors = fieldErrorsOf(add.error);
  useFocusFirstInvalid(formRef, add.error);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    remove.reset();
    add.mutate({ from, to: to || from, reason: reason.trim() || null });
  }

  const ranges = list.data ? groupBlackouts(list.data.blackouts) : [];

  return (
    <section aria-labelledby="days-off-heading" className="mt-8 border-t border-slate-200 pt-6">
      <h3 id="days-off-heading" className="text-lg font-semibold text-slate-900">
        Time off
      </h3>
      <p className="mt-1 text-sm text-slate-600">
        Block a range of dates (a vacation, holidays): you are shown as unavailable on them, whatever the grid says. Days marked
        “Unavailable all day” in the week above are listed here too.
      </p>

      {list.isPending ? (
        <p role="status" className="mt-3 text-sm">
          Loading your time off…
        </p>
      ) : list.isError ? (
        <div className="mt-3">
          <FormAlert error={list.error} />
        </div>
      ) : ranges.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600">No upcoming time off.</p>
      ) : (
        <ul aria-label="Upcoming time off" className="mt-3 divide-y divide-slate-200 rounded-xl border border-slate-200">
          {ranges.map((range) => (
            <li key={range.from} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm">
              <span>
                <span className="font-semibold text-slate-900">{rangeLabel(range)}</span>
                {range.reason && <span className="text-slate-600"> · {range.reason}</span>}
              </span>
              <button
                type="button"
                className={`${secondaryButtonClass} px-3 py-1 text-sm`}
                disabled={remove.isPending}
                aria-label={`Remove time off ${rangeLabel(range)}`}
                onClick={() => {
                  add.reset();
                  remove.mutate(range);
                }}
              >
                {remove.isPending && remove.variables?.from === range.from ? 'Removing…' : 'Remove'}
              </button>
            </li>
          ))}
        </ul>
      )}
      {remove.isError && (
        <div className="mt-3">
          <FormAlert error={remove.error} />
        </div>
      )}
      {remove.isSuccess && (
        <div className="mt-3">
          <Saved>Time off removed.</Saved>
        </div>
      )}

      <form ref={formRef} onSubmit={onSubmit} noValidate className="mt-4 space-y-3" aria-label="Add time off">
        <div className="flex flex-wrap items-start gap-3">
          <TextField label="From" type="date" value={from} onChange={(e) => setFrom(e.target.value)} error={errors.from} className="w-44" required />
          <TextField
            label="To"
            type="date"
            value={to}
            min={from || undefined}
            onChange={(e) => setTo(e.target.value)}
            error={errors.to}
            className="w-44"
          />
          <TextField
            label="Reason (optional)"
            value={reason}
            maxLength={200}
            onChange={(e) => setReason(e.target.value)}
            error={errors.reason}
            placeholder="Vacation"
            className="min-w-48 flex-1"
          />
        </div>
        {add.isError && <FormAlert error={add.error} fields={['from', 'to', 'reason']} />}
        {add.isSuccess && <Saved>Time off added.</Saved>}
        <button type="submit" className={primaryButtonClass} disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add time off'}
        </button>
      </form>
    </section>
  );
}
