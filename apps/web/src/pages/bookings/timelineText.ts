import type { BookingStatus, PaymentState, PaymentTimeline } from '../../api/bookings';
import { formatDayTime } from './lessonText';

type Step = PaymentTimeline['steps'][number];
type NextStep = NonNullable<PaymentTimeline['next']>['step'];

/** A step taken, in plain words: what happened to the money (New York time). */
export function stepText(step: Step): string {
  const what = STEP_WORDS[step.step][step.outcome ?? 'in_flight'] + (step.outcome === null ? ' (in progress)' : '');
  const attempt = step.step === 'authorize' && step.attempt > 1 ? ` (attempt ${step.attempt})` : '';
  return `${formatDayTime(step.finishedAt ?? step.startedAt)}: ${what}${attempt}.`;
}

const STEP_WORDS: Record<Step['step'], Record<NonNullable<Step['outcome']> | 'in_flight', string>> = {
  release: {
    succeeded: 'The card hold was released: the lesson moved too far for it to last, so the card is authorized again before the new time',
    failed: 'Releasing the card hold failed',
    superseded: 'The card hold was no longer there to release',
    in_flight: 'Releasing the card hold',
  },
  authorize: {
    succeeded: 'Card authorized: the amount is held, not yet charged',
    failed: 'The card was refused',
    superseded: 'A card authorization was replaced by a later one',
    in_flight: 'Authorizing the card',
  },
  payment_failed_notice: {
    succeeded: 'Emailed: the card could not pay and needs updating',
    failed: 'The email about the refused card could not be sent',
    superseded: 'The email about the refused card was no longer needed',
    in_flight: 'Sending the email about the refused card',
  },
  cancel_unpaid: {
    succeeded: 'Lesson cancelled: the card could not pay in time',
    failed: 'Cancelling the unpaid lesson failed; it is tried again',
    superseded: 'The unpaid lesson was not cancelled after all',
    in_flight: 'Cancelling the unpaid lesson',
  },
  complete: {
    succeeded: 'The lesson took place (completed)',
    failed: 'Marking the lesson completed failed; it is tried again',
    superseded: 'The lesson was not marked completed',
    in_flight: 'Marking the lesson completed',
  },
  capture: {
    succeeded: 'Paid: the card was charged',
    failed: 'Charging the card failed; our team has been alerted',
    superseded: 'The charge was no longer needed',
    in_flight: 'Charging the card',
  },
  transfer: {
    succeeded: 'The instructor’s share was paid out to them',
    failed: 'Paying the instructor failed; it is tried again',
    superseded: 'The payout to the instructor was no longer needed',
    in_flight: 'Paying the instructor',
  },
};

const NEXT_WORDS: Record<NextStep, string> = {
  authorize: 'the card is authorized (the amount held, not charged)',
  retry_authorize: 'the refused card is tried again',
  send_payment_failed_notice: 'if the card still fails, an email asks for another card',
  cancel_unpaid: 'unless the card is updated, the lesson is cancelled',
  capture: 'the card is charged and the instructor paid (24 hours after the lesson ends)',
};

/**
 * What the timeline does next, or null when nothing is left: "Tuesday, … 1:00 PM: the card is
 * authorized…". The API's `next` names the sweep's next step; for a lesson whose amount is
 * already held it is null until the lesson ends (the charge waits for the completion), so the
 * charge at `captureAt` is said then.
 */
export function nextText(timeline: Pick<PaymentTimeline, 'next' | 'captureAt'>, booking: { status: BookingStatus; paymentState: PaymentState }): string | null {
  const { next } = timeline;
  if (next) return `${formatDayTime(next.dueAt)}: ${NEXT_WORDS[next.step]}.`;
  if (booking.paymentState === 'authorized' && (booking.status === 'confirmed' || booking.status === 'completed')) {
    return `${formatDayTime(timeline.captureAt)}: ${NEXT_WORDS.capture}.`;
  }
  return null;
}
