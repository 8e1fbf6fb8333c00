import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ACCOUNT_KEY } from '../../api/account';
import { tipBooking, type BookingDetail } from '../../api/bookings';
import { ApiProblem } from '../../api/problem';
import { FormAlert } from '../../components/form/FormAlert';
import { inputClass, primaryButtonClass } from '../../components/form/styles';
import { formatCents } from '../../lib/format';
import { newAttemptKey } from './attemptKey';
import { formatDayTime } from './lessonText';

/** Amounts offered with one click; any other is typed (the API says which it accepts). */
const PRESETS_CENTS = [500, 1_000, 2_000] as const;

/** "12.50" → 1250; null when it is not an amount of dollars and cents. */
function centsOf(text: string): number | null {
  const match = /^\s*\$?\s*(\d{1,6})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/**
 * After a completed lesson: the student tips the instructor (all of it goes to them), charged at
 * once to the card saved on the lesson; the tip once given. Offered only when the API's
 * `allowedActions.tip` says so; a refused card is said as the API says it, and nothing is charged.
 */
export function TipSection({ booking: b }: { booking: BookingDetail }) {
  if (!b.tip && !b.allowedActions.tip) return null;
  return (
    <section aria-labelledby="lesson-tip" className="space-y-4 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="lesson-tip" className="text-xl font-semibold tracking-tight text-slate-900">
        Tip
      </h2>
      {b.tip ? <GivenTip booking={b} /> : <TipForm booking={b} />}
    </section>
  );
}

function GivenTip({ booking: b }: { booking: BookingDetail }) {
  const tip = b.tip!;
  const amount = formatCents(tip.amountCents);
  const text =
    b.viewer === 'instructor'
      ? `${b.studentName} tipped you ${amount}`
      : b.viewer === 'student'
        ? `You tipped ${b.instructorName} ${amount}`
        : `${b.studentName} tipped ${b.instructorName} ${amount}`;
  return (
    <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">
      {text} on {formatDayTime(tip.createdAt)}
      {tip.state === 'pending' ? ' (being charged).' : '. All of it goes to the instructor.'}
    </p>
  );
}

function TipForm({ booking: b }: { booking: BookingDetail }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState<number | 'other'>(PRESETS_CENTS[1]);
  const [other, setOther] = useState('');
  const [badAmount, setBadAmount] = useState(false);
  // One key per attempt: a retried click answers the same tip; after a refusal the next try is a new one.
  const [attemptKey, setAttemptKey] = useState<string | null>(null);
  const cents = choice === 'other' ? centsOf(other) : choice;
  const give = useMutation({
    mutationFn: ({ amount, key }: { amount: number; key: string }) => tipBooking(b.id, amount, key),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ACCOUNT_KEY }),
    onError: () => setAttemptKey(null),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (cents === null) return setBadAmount(true);
    const key = attemptKey ?? newAttemptKey();
    setAttemptKey(key);
    give.mutate({ amount: cents, key });
  };
  const otherId = `${id}-other-amount`;
  const errorId = `${id}-amount-error`;

  return (
    <form aria-label="Tip the instructor" onSubmit={submit} className="space-y-4" noValidate>
      <p className="text-sm text-slate-700">
        Thank {b.instructorName} for the lesson: all of the tip goes to them. It is charged now to the card this lesson was booked with.
      </p>
      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold text-slate-800">Amount</legend>
        <div className="flex flex-wrap gap-3">
          {PRESETS_CENTS.map((amount) => (
            <label key={amount} className="flex items-center gap-2 rounded-lg border border-slate-300 px-3 py-2 text-sm has-[:checked]:border-indigo-600 has-[:checked]:bg-indigo-50">
              <input type="radio" name={`${id}-amount`} checked={choice === amount} onChange={() => setChoice(amount)} />
              {formatCents(amount)}
            </label>
          ))}
          <label className="flex items-center gap-2 rounded-lg border border-slate-300 px-3 py-2 text-sm has-[:checked]:border-indigo-600 has-[:checked]:bg-indigo-50">
            <input type="radio" name={`${id}-amount`} checked={choice === 'other'} onChange={() => setChoice('other')} />
            Other amount
          </label>
        </div>
        {choice === 'other' && (
          <div className="max-w-xs space-y-1">
            <label htmlFor={otherId} className="block text-sm font-semibold text-slate-800">
              Tip in dollars
            </label>
            <input
              id={otherId}
              inputMode="decimal"
              value={other}
              onChange={(e) => {
                setOther(e.target.value);
                setBadAmount(false);
              }}
              aria-invalid={badAmount}
              aria-describedby={badAmount ? errorId : undefined}
              className={inputClass(badAmount)}
            />
            {badAmount && (
              <p id={errorId} className="text-sm text-red-700">
                Enter an amount in dollars, like 15 or 12.50.
              </p>
            )}
          </div>
        )}
      </fieldset>
      {give.isError &&
        (give.error instanceof ApiProblem && give.error.code === 'card_declined' ? (
          <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
            <p className="font-semibold">Your card was declined</p>
            <p className="mt-1">{give.error.detail}</p>
          </div>
        ) : (
          <FormAlert error={give.error} />
        ))}
      <button type="submit" className={primaryButtonClass} disabled={give.isPending}>
        {give.isPending ? 'Charging the tip…' : cents === null ? 'Tip' : `Tip ${formatCents(cents)}`}
      </button>
    </form>
  );
}
