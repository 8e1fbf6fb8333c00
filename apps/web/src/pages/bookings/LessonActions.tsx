import { useState } from 'react';
import type { BookingDetail, CancellationOutcome, RescheduleOutcome } from '../../api/bookings';
import type { ApiProblem } from '../../api/problem';
import { FormAlert } from '../../components/form/FormAlert';
import { SuccessMessage } from '../account/SuccessMessage';
import { dangerButtonClass, secondaryButtonClass } from '../../components/form/styles';
import { CancelDialog } from './CancelDialog';
import { formatDayTime } from './lessonText';
import { RescheduleForm } from './RescheduleForm';

/**
 * Cancel or move the lesson: shown exactly as the API's `allowedActions` says (the same rules its
 * routes apply), with the moves left it answers. After an action the page reads the booking
 * again, so what is offered next is the API's answer too; the outcome stays said here.
 */
export function LessonActions({ booking: b }: { booking: BookingDetail }) {
  const [cancelling, setCancelling] = useState(false);
  const [moving, setMoving] = useState(false);
  const [cancelled, setCancelled] = useState<CancellationOutcome | null>(null);
  const [moved, setMoved] = useState<RescheduleOutcome | null>(null);
  const [refusal, setRefusal] = useState<ApiProblem | null>(null);
  // Said until the lesson's card holds again (another card paid for it on this page).
  const declined = b.paymentState === 'authorized' ? null : refusal;
  const { cancel: canCancel, reschedule: canMove } = b.allowedActions;
  if (!canCancel && !canMove && !cancelled && !moved && !declined) return null;

  return (
    <section aria-labelledby="lesson-actions" className="space-y-4 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="lesson-actions" className="text-xl font-semibold tracking-tight text-slate-900">
        Change this lesson
      </h2>
      {cancelled && <SuccessMessage>The lesson is cancelled{cancelled.creditIssuedCents > 0 ? '; the credit is in your credits' : ''}. What it did to the money is above.</SuccessMessage>}
      {moved && (
        <SuccessMessage>
          Moved to {formatDayTime(moved.startsAt)} (New York time).{' '}
          {moved.reschedulesLeft === 0 ? 'It cannot be moved again.' : `It can be moved ${moved.reschedulesLeft === 1 ? 'once more' : `${moved.reschedulesLeft} more times`}.`}
        </SuccessMessage>
      )}
      {/* The whole sentence (the lesson stayed, update the card), not only the field's reason. */}
      {declined && <FormAlert error={declined} message={declined.detail} />}
      {(canCancel || canMove) && (
        <div className="flex flex-wrap gap-3">
          {canMove && !moving && (
            <button type="button" className={secondaryButtonClass} onClick={() => setMoving(true)}>
              Reschedule ({b.reschedulesLeft} left)
            </button>
          )}
          {canCancel && (
            <button type="button" className={dangerButtonClass} onClick={() => setCancelling(true)}>
              Cancel lesson
            </button>
          )}
        </div>
      )}
      {canMove && moving && (
        <RescheduleForm
          booking={b}
          reschedulesLeft={b.reschedulesLeft}
          onClose={() => setMoving(false)}
          onDone={(outcome) => {
            setMoved(outcome);
            setRefusal(null);
            setMoving(false);
          }}
          onDeclined={(problem) => {
            setRefusal(problem);
            setMoving(false);
          }}
        />
      )}
      <CancelDialog
        bookingId={b.id}
        open={cancelling}
        onClose={() => setCancelling(false)}
        onCancelled={(outcome) => {
          setCancelled(outcome);
          setCancelling(false);
        }}
      />
    </section>
  );
}
