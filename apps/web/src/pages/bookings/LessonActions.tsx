import { useState } from 'react';
import type { BookingDetail, BookingStatus, CancellationOutcome, PaymentState, RescheduleOutcome } from '../../api/bookings';
import { SuccessMessage } from '../account/SuccessMessage';
import { dangerButtonClass, secondaryButtonClass } from '../../components/form/styles';
import { CancelDialog } from './CancelDialog';
import { formatDayTime } from './lessonText';
import { NoShowActions } from './NoShowActions';
import { RescheduleForm } from './RescheduleForm';

/**
 * PRODUCT.md's limit of moves per booking. The booking view answers how many were made, not how
 * many are left (only the reschedule's answer does), so the page shows what is left from it and
 * hides the action once none is; the API still refuses a third move itself.
 */
const RESCHEDULES_PER_BOOKING = 2;

/** Statuses a lesson can still be cancelled from (the API refuses once it started). */
const CANCELLABLE: readonly BookingStatus[] = ['pending_payment', 'confirmed'];
/** Once charged or given back, the report window (until the charge, 24 h after the end) has closed. */
const SETTLED: readonly PaymentState[] = ['captured', 'partially_refunded', 'refunded', 'released'];

/**
 * What the viewer can do with the lesson. The booking view has no "allowed actions", so each
 * action is hidden only where its status makes it impossible; times and limits are the API's to
 * check, and its refusal is shown as it says it.
 */
export function LessonActions({ booking: b, viewer }: { booking: BookingDetail; viewer: 'student' | 'instructor' }) {
  const [cancelling, setCancelling] = useState(false);
  const [moving, setMoving] = useState(false);
  const [cancelled, setCancelled] = useState<CancellationOutcome | null>(null);
  const [moved, setMoved] = useState<RescheduleOutcome | null>(null);
  const reschedulesLeft = Math.max(0, RESCHEDULES_PER_BOOKING - b.rescheduleCount);
  const canCancel = CANCELLABLE.includes(b.status);
  const canMove = viewer === 'student' && b.status === 'confirmed' && reschedulesLeft > 0;
  const canReport = b.status === 'completed' && !SETTLED.includes(b.paymentState);
  if (!canCancel && !canMove && !canReport && !cancelled && !moved) return null;

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
      {(canCancel || canMove) && (
        <div className="flex flex-wrap gap-3">
          {canMove && !moving && (
            <button type="button" className={secondaryButtonClass} onClick={() => setMoving(true)}>
              Reschedule ({reschedulesLeft} left)
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
          reschedulesLeft={reschedulesLeft}
          onClose={() => setMoving(false)}
          onDone={(outcome) => {
            setMoved(outcome);
            setMoving(false);
          }}
        />
      )}
      {canReport && <NoShowActions booking={b} viewer={viewer} />}
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
