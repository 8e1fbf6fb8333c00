import { describe, expect, it } from 'vitest';
import { BOOKING_STATUSES, PAYMENT_STATES, type BookingStatus, type PaymentState } from './booking-states.ts';
import type { BookingViewer } from './booking-view.ts';
import { allowedActions, LESSON_ACTIONS, type AllowedActions, type LessonActionsInput } from './lesson-actions.policy.ts';
import type { NoShowReport } from './no-show.policy.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 10, 25, 18);
const END = START + 60 * MINUTE;

const base: LessonActionsInput = {
  viewer: 'student',
  status: 'confirmed',
  paymentState: 'scheduled',
  startsAtMs: START,
  endsAtMs: END,
  createdAtMs: START - 10 * DAY,
  rescheduleCount: 0,
  paymentId: null,
  paymentMethodId: 'pm_card',
  noShowReport: null,
  tipGiven: false,
  nowMs: START - 3 * DAY,
};
const actions = (fields: Partial<LessonActionsInput>) => allowedActions({ ...base, ...fields });
const only = (...names: Array<keyof AllowedActions>) => Object.fromEntries(LESSON_ACTIONS.map((name) => [name, names.includes(name)]));

describe('what a lesson allows its reader (issue 11 §14)', () => {
  it('a confirmed lesson ahead: both sides cancel, only the student moves it', () => {
    expect(actions({ viewer: 'student' })).toEqual(only('cancel', 'reschedule'));
    expect(actions({ viewer: 'instructor' })).toEqual(only('cancel'));
    expect(actions({ viewer: 'admin' })).toEqual(only());
  });

  it('after two moves, or with a failing card, the lesson can still be cancelled but not moved; a failing card can be replaced by the student until T-6 h', () => {
    expect(actions({ rescheduleCount: 2 })).toEqual(only('cancel'));
    expect(actions({ paymentState: 'authorization_failed' })).toEqual(only('cancel', 'payWithAnotherCard'));
    expect(actions({ paymentState: 'authorization_failed', viewer: 'instructor' })).toEqual(only('cancel'));
    expect(actions({ paymentState: 'authorization_failed', nowMs: START - 6 * HOUR })).toEqual(only('cancel'));
  });

  it('once the lesson started nothing can be changed; from its end either side reports the other absent', () => {
    expect(actions({ nowMs: START })).toEqual(only());
    expect(actions({ nowMs: END - 1 })).toEqual(only());
    // Confirmed at the end (the completion sweep has not run): reported as completed.
    expect(actions({ nowMs: END })).toEqual(only('reportNoShow'));
    expect(actions({ status: 'completed', nowMs: END + 23 * HOUR, viewer: 'instructor' })).toEqual(only('reportNoShow'));
    expect(actions({ status: 'completed', nowMs: END + DAY })).toEqual(only('tip'));
  });

  it('a completed lesson: the student tips up to 30 days after, once, on the saved card', () => {
    expect(actions({ status: 'completed', paymentState: 'captured', nowMs: END + 2 * DAY })).toEqual(only('tip'));
    expect(actions({ status: 'completed', paymentState: 'captured', nowMs: END + 30 * DAY })).toEqual(only('tip'));
    expect(actions({ status: 'completed', paymentState: 'captured', nowMs: END + 30 * DAY + 1 })).toEqual(only());
    expect(actions({ status: 'completed', paymentState: 'captured', nowMs: END + 2 * DAY, tipGiven: true })).toEqual(only());
    expect(actions({ status: 'completed', paymentState: 'not_required', paymentMethodId: null, nowMs: END + 2 * DAY })).toEqual(only());
  });

  it('a report: the side reported absent disputes within 24 h; an admin decides until it is resolved', () => {
    const report: NoShowReport = { reporter: 'instructor', reportedAtMs: END + HOUR, disputedAtMs: null, resolvedAtMs: null };
    const after = { status: 'completed' as const, paymentState: 'authorized' as const, noShowReport: report, nowMs: END + 2 * HOUR };
    expect(actions({ ...after, viewer: 'student' })).toEqual(only('disputeNoShow', 'tip'));
    expect(actions({ ...after, viewer: 'instructor' })).toEqual(only());
    expect(actions({ ...after, viewer: 'admin' })).toEqual(only('resolveNoShow'));
    expect(actions({ ...after, nowMs: END + HOUR + DAY })).toEqual(only('tip'));
    expect(actions({ ...after, noShowReport: { ...report, disputedAtMs: END + 3 * HOUR } })).toEqual(only('tip'));
  });

  it('an admin refunds a charge the provider made, not yet all given back', () => {
    const charged = { status: 'completed' as const, paymentState: 'captured' as const, paymentId: 'pi_1', nowMs: END + 3 * DAY, viewer: 'admin' as const };
    expect(actions(charged)).toEqual(only('refund'));
    expect(actions({ ...charged, paymentState: 'partially_refunded' })).toEqual(only('refund'));
    expect(actions({ ...charged, paymentState: 'refunded' })).toEqual(only());
    expect(actions({ ...charged, paymentId: null })).toEqual(only());
    expect(actions({ ...charged, viewer: 'student' })).toEqual(only('tip'));
  });

  /**
   * Every status × payment state × reader × moment × moves × report × tip × card against the
   * product's rules written out plainly (PRODUCT.md §5–§6, the DECISIONS of each policy).
   */
  it('matches the rules written out, over every status, payment state, reader and moment', () => {
    const viewers: BookingViewer[] = ['student', 'instructor', 'admin'];
    const moments = [START - 3 * DAY, START - 1, START, END - 1, END, END + DAY - 1, END + DAY, END + 30 * DAY, END + 30 * DAY + 1];
    const reports: Array<NoShowReport | null> = [
      null,
      { reporter: 'student', reportedAtMs: END, disputedAtMs: null, resolvedAtMs: null },
      { reporter: 'instructor', reportedAtMs: END + HOUR, disputedAtMs: null, resolvedAtMs: null },
      { reporter: 'instructor', reportedAtMs: END + HOUR, disputedAtMs: END + 2 * HOUR, resolvedAtMs: null },
      { reporter: 'student', reportedAtMs: END, disputedAtMs: null, resolvedAtMs: END + DAY },
    ];
    let cases = 0;
    const mismatches: Array<{ input: LessonActionsInput; got: AllowedActions; want: AllowedActions }> = [];
    for (const status of BOOKING_STATUSES)
      for (const paymentState of PAYMENT_STATES)
        for (const viewer of viewers)
          for (const nowMs of moments)
            for (const rescheduleCount of [1, 2])
              for (const noShowReport of reports)
                for (const tipGiven of [false, true])
                  for (const card of [null, 'pm_card'])
                    for (const paymentId of [null, 'pi_1']) {
                      const input: LessonActionsInput = { viewer, status, paymentState, startsAtMs: START, endsAtMs: END, createdAtMs: START - 10 * DAY, rescheduleCount, paymentId, paymentMethodId: card, noShowReport, tipGiven, nowMs };
                      const got = allowedActions(input);
                      const want = expected(input);
                      if (LESSON_ACTIONS.some((name) => got[name] !== want[name])) mismatches.push({ input, got, want });
                      cases += 1;
                    }
    expect(cases).toBe(8 * 9 * 3 * 9 * 2 * 5 * 2 * 2 * 2);
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});

/** The rules, independently of the policies that implement them. */
function expected(i: LessonActionsInput): AllowedActions {
  const party = i.viewer !== 'admin';
  const beforeStart = i.nowMs < i.startsAtMs;
  const endedAsCompleted: BookingStatus | null =
    i.status === 'completed' || (i.status === 'confirmed' && i.nowMs >= i.endsAtMs && i.paymentState !== 'authorization_failed') ? 'completed' : null;
  const r = i.noShowReport;
  const absent = r ? (r.reporter === 'student' ? 'instructor' : 'student') : null;
  const paid: readonly PaymentState[] = ['captured', 'partially_refunded'];
  return {
    cancel: party && (i.status === 'pending_payment' || i.status === 'confirmed') && beforeStart,
    reschedule: i.viewer === 'student' && i.status === 'confirmed' && beforeStart && i.rescheduleCount < 2 && i.paymentState !== 'authorization_failed',
    reportNoShow: party && endedAsCompleted !== null && i.nowMs >= i.endsAtMs && i.nowMs < i.endsAtMs + 24 * HOUR && r === null,
    disputeNoShow: party && r !== null && i.viewer === absent && r.resolvedAtMs === null && r.disputedAtMs === null && i.nowMs < r.reportedAtMs + 24 * HOUR,
    tip: i.viewer === 'student' && !i.tipGiven && i.status === 'completed' && i.nowMs >= i.endsAtMs && i.nowMs <= i.endsAtMs + 30 * DAY && i.paymentMethodId !== null,
    payWithAnotherCard: i.viewer === 'student' && i.status === 'confirmed' && i.paymentState === 'authorization_failed' && i.nowMs < i.startsAtMs - 6 * HOUR,
    refund: i.viewer === 'admin' && paid.includes(i.paymentState) && i.paymentId !== null,
    resolveNoShow: i.viewer === 'admin' && r !== null && r.resolvedAtMs === null,
  };
}
