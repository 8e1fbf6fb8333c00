import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import { ACCOUNT_KEY } from '../../api/account';
import { cancelBooking, cancellationPreviewQuery, type CancellationOutcome } from '../../api/bookings';
import { ErrorState } from '../../components/ErrorState';
import { FormAlert } from '../../components/form/FormAlert';
import { dangerButtonClass, secondaryButtonClass } from '../../components/form/styles';
import { formatCents } from '../../lib/format';
import { formatDayTime } from './lessonText';

/**
 * "Cancel this lesson?": the API's preview of the money, line by line (nothing computed here),
 * then the cancellation itself. The preview is asked when the dialog opens, so its tier is the
 * one of this moment; the cancellation answers its own outcome, which the caller shows.
 */
export function CancelDialog(props: { bookingId: string; open: boolean; onClose: () => void; onCancelled: (outcome: CancellationOutcome) => void }) {
  const { bookingId, open, onClose, onCancelled } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const queryClient = useQueryClient();
  const preview = useQuery({ ...cancellationPreviewQuery(bookingId), enabled: open });
  const cancel = useMutation({
    mutationFn: () => cancelBooking(bookingId),
    onSuccess: async (outcome) => {
      // The lesson, the lists and the credits all changed.
      await queryClient.invalidateQueries({ queryKey: ACCOUNT_KEY });
      onCancelled(outcome);
    },
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      className="m-auto w-full max-w-lg rounded-2xl border border-slate-200 bg-white p-6 shadow-xl backdrop:bg-slate-900/40"
    >
      <h2 id={titleId} className="text-xl font-semibold tracking-tight text-slate-900">
        Cancel this lesson?
      </h2>
      {open && (
        <div className="mt-3 space-y-4">
          {preview.isPending && (
            <p role="status" className="text-slate-600">
              Working out what cancelling now does to the money…
            </p>
          )}
          {preview.isError && <ErrorState error={preview.error} onRetry={() => void preview.refetch()} retrying={preview.isFetching} />}
          {preview.isSuccess && <Outcome outcome={preview.data} />}
          {cancel.isError && <FormAlert error={cancel.error} />}
          <div className="flex flex-wrap justify-end gap-3">
            <button type="button" className={secondaryButtonClass} onClick={onClose} disabled={cancel.isPending}>
              Keep the lesson
            </button>
            <button type="button" className={dangerButtonClass} disabled={!preview.isSuccess || cancel.isPending} onClick={() => cancel.mutate()}>
              {cancel.isPending ? 'Cancelling…' : 'Cancel the lesson'}
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}

/** The money of a cancellation, the API's figures only: what the card pays, what comes back, what becomes credit. */
export function Outcome({ outcome }: { outcome: CancellationOutcome }) {
  const row = 'flex justify-between gap-4 py-1.5';
  return (
    <div className="space-y-3">
      {/* The API's summary names the tier and says the money in words; the lines below are its figures. */}
      <p className="text-slate-800">{outcome.summary}</p>
      <dl aria-label="Money if cancelled" className="divide-y divide-slate-100 text-sm text-slate-800">
        <div className={row}>
          <dt>The card pays</dt>
          <dd>{formatCents(outcome.cardChargeCents)}</dd>
        </div>
        {outcome.refundCents > 0 && (
          <div className={row}>
            <dt>Refunded to the card</dt>
            <dd>{formatCents(outcome.refundCents)}</dd>
          </div>
        )}
        {outcome.creditIssuedCents > 0 && (
          <div className={`${row} text-emerald-800`}>
            <dt>New credit for the student</dt>
            <dd>{formatCents(outcome.creditIssuedCents)}</dd>
          </div>
        )}
        {outcome.creditsReturnedCents > 0 && (
          <div className={`${row} text-emerald-800`}>
            <dt>Credits given back</dt>
            <dd>{formatCents(outcome.creditsReturnedCents)}</dd>
          </div>
        )}
        <div className={row}>
          <dt>The instructor is paid</dt>
          <dd>{outcome.instructorPaid ? formatCents(outcome.instructorCents) : 'Nothing'}</dd>
        </div>
      </dl>
      {(outcome.freeUntil || outcome.lateUntil) && (
        <p className="text-xs text-slate-600">
          {outcome.freeUntil && `Free until ${formatDayTime(outcome.freeUntil)}. `}
          {outcome.lateUntil && `Charged with the lesson price back as credit until ${formatDayTime(outcome.lateUntil)}. `}
          Both count from the time first booked (New York time).
        </p>
      )}
      {outcome.countsAgainstInstructor && <p className="text-xs text-slate-600">This cancellation counts against the instructor.</p>}
    </div>
  );
}
