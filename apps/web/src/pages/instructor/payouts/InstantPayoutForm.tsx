import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { FormAlert } from '../../../components/form/FormAlert';
import { inputClass, primaryButtonClass, secondaryButtonClass } from '../../../components/form/styles';
import { instantFeeCents, money, requestInstantPayout, type PayoutsOverview } from './payoutsApi';

function newKey(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

/**
 * Pay out now: the amount, then a confirmation that shows the fee and what reaches the bank
 * before anything is sent. One idempotency key per confirmation, so a double click pays once.
 */
export function InstantPayoutForm({ overview }: { overview: PayoutsOverview }) {
  const queryClient = useQueryClient();
  const inputId = useId();
  const available = overview.balance.instantAvailableCents;
  const [dollars, setDollars] = useState(() => (available / 100).toFixed(2));
  const [confirming, setConfirming] = useState<{ amountCents: number; key: string } | null>(null);
  const pay = useMutation({
    mutationFn: (request: { amountCents: number; key: string }) => requestInstantPayout(request.amountCents, request.key),
    onSuccess: () => {
      setConfirming(null);
      void queryClient.invalidateQueries({ queryKey: ['payouts'] });
    },
  });

  const amountCents = Math.round(Number(dollars) * 100);
  const valid = Number.isFinite(amountCents) && amountCents >= 1 && amountCents <= available;
  const fee = valid ? instantFeeCents(amountCents, overview.instantFeeBasisPoints) : 0;
  const percent = `${overview.instantFeeBasisPoints / 100}%`;

  if (available <= 0) return <p className="text-slate-600">Nothing is available for an instant payout right now.</p>;
  return (
    <div className="space-y-3">
      {pay.isSuccess && (
        <p role="status" className="text-sm font-medium text-green-800">
          {money(pay.data.amountCents)} is on its way to your bank; it should arrive within 30 minutes.
        </p>
      )}
      {confirming ? (
        <div className="space-y-3 rounded-xl border border-indigo-200 bg-indigo-50 p-4" role="group" aria-label="Confirm instant payout">
          <dl className="grid grid-cols-[auto_auto] gap-x-6 gap-y-1 text-slate-800">
            <dt>You pay out</dt>
            <dd className="text-right font-medium">{money(confirming.amountCents)}</dd>
            <dt>Instant payout fee ({percent})</dt>
            <dd className="text-right font-medium" data-testid="instant-fee">
              −{money(instantFeeCents(confirming.amountCents, overview.instantFeeBasisPoints))}
            </dd>
            <dt className="font-semibold">Reaches your bank</dt>
            <dd className="text-right font-semibold" data-testid="instant-arrives">
              {money(confirming.amountCents - instantFeeCents(confirming.amountCents, overview.instantFeeBasisPoints))}
            </dd>
          </dl>
          <div className="flex flex-wrap gap-3">
            <button type="button" className={primaryButtonClass} disabled={pay.isPending} onClick={() => pay.mutate(confirming)}>
              {pay.isPending ? 'Paying out…' : 'Confirm instant payout'}
            </button>
            <button type="button" className={secondaryButtonClass} disabled={pay.isPending} onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (valid) setConfirming({ amountCents, key: newKey() });
          }}
        >
          <div>
            <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">
              Amount (up to {money(available)})
            </label>
            <input
              id={inputId}
              className={`${inputClass(!valid)} mt-1 w-40`}
              inputMode="decimal"
              value={dollars}
              onChange={(event) => setDollars(event.target.value)}
              aria-invalid={!valid}
            />
          </div>
          <button type="submit" className={primaryButtonClass} disabled={!valid}>
            Pay out now
          </button>
          <p className="w-full text-sm text-slate-600">
            {valid ? `A ${percent} fee of ${money(fee)} applies; ${money(amountCents - fee)} reaches your bank within about 30 minutes.` : `Enter an amount between $0.01 and ${money(available)}.`}
          </p>
        </form>
      )}
      {pay.isError && <FormAlert error={pay.error} />}
    </div>
  );
}
