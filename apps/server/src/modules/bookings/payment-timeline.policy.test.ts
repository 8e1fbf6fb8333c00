import { utcOffsetMs, wallClockMinutes } from '@instainstru/marketplace-time';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BookingStatus, PaymentState } from './booking-states.ts';
import { paymentTransition, transition } from './booking.policy.ts';
import {
  authorizationLapsesBeforeCapture,
  EARLY_HOLD_SECONDS,
  lessonCompletionDue,
  nextPaymentStep,
  paymentSchedule,
  transferRetry,
  TRANSFER_MAX_ATTEMPTS,
  type PaymentStep,
  type PaymentStepInput,
} from './payment-timeline.policy.ts';

const HOUR = 60 * 60_000;
const START = Date.UTC(2026, 5, 15, 16); // Monday 15 June 2026, 12:00 in New York
const END = START + HOUR;
const WEEK_BEFORE = START - 7 * 24 * HOUR;

const at = (hoursFromStart: number) => START + hoursFromStart * HOUR;

function step(fields: Partial<PaymentStepInput>) {
  return nextPaymentStep({
    status: 'confirmed',
    paymentState: 'scheduled',
    startsAtMs: START,
    endsAtMs: END,
    createdAtMs: WEEK_BEFORE,
    attempts: 0,
    noticeSent: false,
    nowMs: WEEK_BEFORE,
    ...fields,
  });
}

describe('the schedule (PRODUCT.md §6)', () => {
  it('booked a week ahead: T-24, retries T-22/T-20/T-18, notice T-12, cancel T-6, capture end + 24 h', () => {
    expect(paymentSchedule({ startsAtMs: START, endsAtMs: END, createdAtMs: WEEK_BEFORE })).toEqual({
      authorizeAtMs: at(-24),
      retryAtMs: [at(-22), at(-20), at(-18)],
      paymentFailedNoticeAtMs: at(-12),
      cancelUnpaidAtMs: at(-6),
      captureAtMs: END + 24 * HOUR,
    });
  });

  it('booked exactly at T-24 h: authorized then, all three retries', () => {
    expect(paymentSchedule({ startsAtMs: START, endsAtMs: END, createdAtMs: at(-24) }).retryAtMs).toHaveLength(3);
  });

  it('booked at T-21 h: authorized at once, only the retries still ahead', () => {
    const schedule = paymentSchedule({ startsAtMs: START, endsAtMs: END, createdAtMs: at(-21) });
    expect(schedule.authorizeAtMs).toBe(at(-21));
    expect(schedule.retryAtMs).toEqual([at(-20), at(-18)]);
  });

  it('booked exactly at T-22 h: the T-22 h retry would coincide with the first try, so it is not one', () => {
    expect(paymentSchedule({ startsAtMs: START, endsAtMs: END, createdAtMs: at(-22) }).retryAtMs).toEqual([at(-20), at(-18)]);
  });

  it('booked at T-10 h: no retries, the notice at once, the cancellation still at T-6 h', () => {
    const schedule = paymentSchedule({ startsAtMs: START, endsAtMs: END, createdAtMs: at(-10) });
    expect(schedule).toMatchObject({ authorizeAtMs: at(-10), retryAtMs: [], paymentFailedNoticeAtMs: at(-10), cancelUnpaidAtMs: at(-6) });
  });

  it('booked at T-3 h: everything on the failure path falls due at once', () => {
    const schedule = paymentSchedule({ startsAtMs: START, endsAtMs: END, createdAtMs: at(-3) });
    expect(schedule).toMatchObject({ authorizeAtMs: at(-3), retryAtMs: [], paymentFailedNoticeAtMs: at(-3), cancelUnpaidAtMs: at(-3) });
  });

  it('refuses times that are not epoch milliseconds or a lesson that ends before it starts', () => {
    expect(() => paymentSchedule({ startsAtMs: START, endsAtMs: START, createdAtMs: 0 })).toThrow(RangeError);
    expect(() => paymentSchedule({ startsAtMs: Number.NaN, endsAtMs: END, createdAtMs: 0 })).toThrow(RangeError);
    expect(() => paymentSchedule({ startsAtMs: START + 0.5, endsAtMs: END, createdAtMs: 0 })).toThrow(RangeError);
  });
});

describe('a daylight-saving weekend in America/New_York', () => {
  // T-24 h is 24 REAL hours: the card hold and the provider run on elapsed time, so the step
  // falls at the same instant whatever New York's clocks did overnight — the wall clock then
  // reads one hour more or less than the lesson's own time of day.
  it('2026-11-01 (clocks back at 02:00): a 10:00 EST lesson is authorized at 11:00 EDT the day before', () => {
    const start = Date.UTC(2026, 10, 1, 15); // 10:00 EST (UTC-5)
    expect(utcOffsetMs(start)).toBe(-5 * HOUR);
    const schedule = paymentSchedule({ startsAtMs: start, endsAtMs: start + HOUR, createdAtMs: start - 10 * 24 * HOUR });
    expect(start - schedule.authorizeAtMs).toBe(24 * HOUR);
    expect(utcOffsetMs(schedule.authorizeAtMs)).toBe(-4 * HOUR);
    expect(wallClockMinutes(schedule.authorizeAtMs)).toBe(11 * 60);
    expect(start - schedule.cancelUnpaidAtMs).toBe(6 * HOUR);
    expect(wallClockMinutes(schedule.cancelUnpaidAtMs)).toBe(4 * 60); // 04:00 EST, six real hours before 10:00
    expect(step({ startsAtMs: start, endsAtMs: start + HOUR, createdAtMs: start - 10 * 24 * HOUR, nowMs: start - 24 * HOUR })).toEqual({
      step: 'authorize',
      dueAtMs: start - 24 * HOUR,
      due: true,
    });
    expect(step({ startsAtMs: start, endsAtMs: start + HOUR, createdAtMs: start - 10 * 24 * HOUR, nowMs: start - 24 * HOUR - 1 }).due).toBe(false);
  });

  it('2026-03-08 (clocks forward at 02:00): a 10:00 EDT lesson is authorized at 09:00 EST the day before', () => {
    const start = Date.UTC(2026, 2, 8, 14); // 10:00 EDT (UTC-4)
    expect(utcOffsetMs(start)).toBe(-4 * HOUR);
    const schedule = paymentSchedule({ startsAtMs: start, endsAtMs: start + HOUR, createdAtMs: start - 10 * 24 * HOUR });
    expect(start - schedule.authorizeAtMs).toBe(24 * HOUR);
    expect(utcOffsetMs(schedule.authorizeAtMs)).toBe(-5 * HOUR);
    expect(wallClockMinutes(schedule.authorizeAtMs)).toBe(9 * 60);
    expect(schedule.retryAtMs.map((retry) => (start - retry) / HOUR)).toEqual([22, 20, 18]);
    expect(wallClockMinutes(schedule.paymentFailedNoticeAtMs)).toBe(21 * 60); // 21:00 EST on the 7th, twelve real hours before
    expect(schedule.captureAtMs - (start + HOUR)).toBe(24 * HOUR);
  });
});

describe('what is due now', () => {
  it('authorization waits for T-24 h and is due from then on', () => {
    expect(step({ nowMs: at(-24) - 1 })).toEqual({ step: 'authorize', dueAtMs: at(-24), due: false });
    expect(step({ nowMs: at(-24) })).toEqual({ step: 'authorize', dueAtMs: at(-24), due: true });
    expect(step({ nowMs: at(-2) })).toEqual({ step: 'authorize', dueAtMs: at(-24), due: true });
  });

  it('walks the failure path: three retries, the notice, the cancellation', () => {
    const failed = { paymentState: 'authorization_failed' as const };
    expect(step({ ...failed, attempts: 1, nowMs: at(-23) })).toEqual({ step: 'retry_authorize', dueAtMs: at(-22), due: false });
    expect(step({ ...failed, attempts: 1, nowMs: at(-22) })).toEqual({ step: 'retry_authorize', dueAtMs: at(-22), due: true });
    expect(step({ ...failed, attempts: 2, nowMs: at(-22) })).toEqual({ step: 'retry_authorize', dueAtMs: at(-20), due: false });
    expect(step({ ...failed, attempts: 3, nowMs: at(-20) })).toEqual({ step: 'retry_authorize', dueAtMs: at(-18), due: false });
    expect(step({ ...failed, attempts: 4, nowMs: at(-18) })).toEqual({ step: 'send_payment_failed_notice', dueAtMs: at(-12), due: false });
    expect(step({ ...failed, attempts: 4, nowMs: at(-12) })).toEqual({ step: 'send_payment_failed_notice', dueAtMs: at(-12), due: true });
    expect(step({ ...failed, attempts: 4, noticeSent: true, nowMs: at(-12) })).toEqual({ step: 'cancel_unpaid', dueAtMs: at(-6), due: false });
    expect(step({ ...failed, attempts: 4, noticeSent: true, nowMs: at(-6) })).toEqual({ step: 'cancel_unpaid', dueAtMs: at(-6), due: true });
  });

  it('after an outage past T-6 h the cancellation wins over retries and the notice left undone', () => {
    expect(step({ paymentState: 'authorization_failed', attempts: 1, nowMs: at(-5) })).toEqual({ step: 'cancel_unpaid', dueAtMs: at(-6), due: true });
  });

  it('a card updated after a failure is authorized at once', () => {
    const state = paymentTransition('authorization_failed', { type: 'payment_method_updated' });
    expect(step({ paymentState: state, attempts: 4, noticeSent: true, nowMs: at(-9) })).toEqual({ step: 'authorize', dueAtMs: at(-24), due: true });
    // …and if that fails too, no retry is left: the cancellation at T-6 h is next (the notice went out).
    expect(step({ paymentState: 'authorization_failed', attempts: 5, noticeSent: true, nowMs: at(-9) }).step).toBe('cancel_unpaid');
  });

  it('captures 24 h after the end of a completed lesson or a student’s no-show, not while a report is open', () => {
    const captureAt = END + 24 * HOUR;
    expect(step({ status: 'confirmed', paymentState: 'authorized', nowMs: captureAt })).toEqual({ step: 'none', dueAtMs: null, due: false });
    expect(step({ status: 'completed', paymentState: 'authorized', nowMs: captureAt - 1 })).toEqual({ step: 'capture', dueAtMs: captureAt, due: false });
    expect(step({ status: 'completed', paymentState: 'authorized', nowMs: captureAt })).toEqual({ step: 'capture', dueAtMs: captureAt, due: true });
    expect(step({ status: 'completed', paymentState: 'authorized', noShowReportOpen: true, nowMs: captureAt }).step).toBe('none');
    expect(step({ status: 'no_show_student', paymentState: 'authorized', nowMs: captureAt + HOUR }).step).toBe('capture');
  });

  it('a lesson paid wholly with credit is settled at the capture time (the credit spent, the share transferred), once, not while a report is open', () => {
    const captureAt = END + 24 * HOUR;
    const credits = { paymentState: 'not_required' as const };
    expect(step({ ...credits, status: 'confirmed', nowMs: captureAt })).toEqual({ step: 'none', dueAtMs: null, due: false });
    expect(step({ ...credits, status: 'completed', nowMs: captureAt - 1 })).toEqual({ step: 'capture', dueAtMs: captureAt, due: false });
    expect(step({ ...credits, status: 'completed', nowMs: captureAt })).toEqual({ step: 'capture', dueAtMs: captureAt, due: true });
    expect(step({ ...credits, status: 'no_show_student', nowMs: captureAt })).toEqual({ step: 'capture', dueAtMs: captureAt, due: true });
    expect(step({ ...credits, status: 'completed', noShowReportOpen: true, nowMs: captureAt }).step).toBe('none');
    expect(step({ ...credits, status: 'completed', captureTaken: true, nowMs: captureAt + 100 * HOUR })).toEqual({ step: 'none', dueAtMs: null, due: false });
    expect(step({ ...credits, status: 'no_show_instructor', nowMs: captureAt })).toEqual({ step: 'none', dueAtMs: null, due: false });
  });

  it('a hold kept by an open no-show report is renewed 6 h before it would lapse (4 days 18 h after it was made), never otherwise', () => {
    const authorizedAtMs = at(-24);
    const renewAt = authorizedAtMs + (4 * 24 + 18) * HOUR - 6 * HOUR;
    const open = { status: 'completed' as const, paymentState: 'authorized' as const, noShowReportOpen: true, authorizedAtMs };
    expect(step({ ...open, nowMs: END + 24 * HOUR })).toEqual({ step: 'renew_authorization', dueAtMs: renewAt, due: false });
    expect(step({ ...open, nowMs: renewAt - 1 }).due).toBe(false);
    expect(step({ ...open, nowMs: renewAt })).toEqual({ step: 'renew_authorization', dueAtMs: renewAt, due: true });
    expect(step({ ...open, status: 'no_show_student', nowMs: renewAt }).step).toBe('renew_authorization');
    // The report closed: the capture, as always; the hold's making not known: nothing to time it by.
    expect(step({ ...open, noShowReportOpen: false, nowMs: renewAt }).step).toBe('capture');
    expect(step({ ...open, authorizedAtMs: null, nowMs: renewAt }).step).toBe('none');
    expect(step({ ...open, paymentState: 'not_required', nowMs: renewAt }).step).toBe('none');
    // Three renewals (about 15 days of dispute) at most: then the hold is left to lapse.
    expect(step({ ...open, holdRenewals: 2, nowMs: renewAt }).step).toBe('renew_authorization');
    expect(step({ ...open, holdRenewals: 3, nowMs: renewAt }).step).toBe('none');
  });

  it('a lesson ahead holding a hold made too early to last until its capture gives it back at once (asked again at T-24 h); a hold that lasts is kept', () => {
    const held = { status: 'confirmed' as const, paymentState: 'authorized' as const };
    // Made at T-24 h: lasts well past the capture (end + 24 h).
    expect(step({ ...held, authorizedAtMs: at(-24), nowMs: at(-20) })).toEqual({ step: 'none', dueAtMs: null, due: false });
    // Made four days before the lesson: it would lapse (4 days 18 h, less 6 h) before end + 24 h.
    expect(step({ ...held, authorizedAtMs: at(-96), nowMs: at(-95) })).toEqual({ step: 'renew_authorization', dueAtMs: at(-96), due: true });
    // Not known when it was made: kept (nothing to time it by).
    expect(step({ ...held, authorizedAtMs: null, nowMs: at(-95) }).step).toBe('none');
  });

  it('an early hold is one made more than 84 h before its lesson ends, as the sweep’s index says (migration 0031)', () => {
    expect(EARLY_HOLD_SECONDS).toBe(302_400);
    expect(authorizationLapsesBeforeCapture({ authorizedAtMs: END - EARLY_HOLD_SECONDS * 1000, endsAtMs: END })).toBe(false);
    expect(authorizationLapsesBeforeCapture({ authorizedAtMs: END - EARLY_HOLD_SECONDS * 1000 - 1, endsAtMs: END })).toBe(true);
  });

  it('a completed lesson that was never authorized (an outage) is authorized, then captured', () => {
    expect(step({ status: 'completed', paymentState: 'scheduled', nowMs: END })).toEqual({ step: 'authorize', dueAtMs: at(-24), due: true });
  });

  const QUIET: Array<[BookingStatus, PaymentState]> = [
    ['pending_payment', 'awaiting_method'],
    ['confirmed', 'authorized'],
    ['confirmed', 'not_required'],
    ['completed', 'captured'],
    ['completed', 'partially_refunded'],
    ['no_show_instructor', 'authorized'],
    ['cancelled_by_student', 'authorization_failed'],
    ['cancelled_by_student', 'scheduled'],
    ['cancelled_by_instructor', 'released'],
    ['expired', 'awaiting_method'],
  ];
  it.each(QUIET)('%s with payment %s: nothing to do', (status, paymentState) => {
    expect(step({ status, paymentState, attempts: 1, nowMs: END + 100 * HOUR })).toEqual({ step: 'none', dueAtMs: null, due: false });
  });

  it('refuses a failed authorization with no attempt and a count that is not whole', () => {
    expect(() => step({ paymentState: 'authorization_failed', attempts: 0 })).toThrow(RangeError);
    expect(() => step({ attempts: -1 })).toThrow(RangeError);
    expect(() => step({ attempts: 1.5 })).toThrow(RangeError);
  });
});

describe('a refused transfer of the instructor’s share', () => {
  it('is tried again 2 h after each refusal, 4 attempts in all, then stops', () => {
    expect(TRANSFER_MAX_ATTEMPTS).toBe(4);
    expect(transferRetry(1, END)).toEqual({ attempt: 2, dueAtMs: END + 2 * HOUR });
    expect(transferRetry(2, END + 2 * HOUR)).toEqual({ attempt: 3, dueAtMs: END + 4 * HOUR });
    expect(transferRetry(3, END + 5 * HOUR)).toEqual({ attempt: 4, dueAtMs: END + 7 * HOUR });
    expect(transferRetry(4, END + 7 * HOUR)).toBeNull();
    expect(transferRetry(9, END)).toBeNull();
    expect(() => transferRetry(0, END)).toThrow(RangeError);
  });
});

describe('completion at the lesson’s end', () => {
  it('completes a confirmed lesson at its end, not before, and never one whose card is failing', () => {
    expect(lessonCompletionDue({ status: 'confirmed', paymentState: 'authorized', endsAtMs: END, nowMs: END - 1 })).toBe(false);
    expect(lessonCompletionDue({ status: 'confirmed', paymentState: 'authorized', endsAtMs: END, nowMs: END })).toBe(true);
    expect(lessonCompletionDue({ status: 'confirmed', paymentState: 'not_required', endsAtMs: END, nowMs: END })).toBe(true);
    expect(lessonCompletionDue({ status: 'confirmed', paymentState: 'authorization_failed', endsAtMs: END, nowMs: END })).toBe(false);
    expect(lessonCompletionDue({ status: 'completed', paymentState: 'authorized', endsAtMs: END, nowMs: END })).toBe(false);
  });
});

/**
 * A booking driven by sweeps at random times of the Clock, the provider answering each
 * authorization as drawn: the steps taken come in the timeline's order, none before it is due,
 * and the booking ends either captured or cancelled unpaid — never both, never charged twice.
 */
describe('property: steps come in order, never before due', () => {
  const ORDER = /^authorize(,retry_authorize){0,3}(,send_payment_failed_notice)?(,cancel_unpaid|,capture)?$/;

  it('holds for random bookings, provider answers and sweep times', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2 * 60, max: 14 * 24 * 60 }), // booked this many minutes ahead
        fc.integer({ min: 2, max: 12 }).map((quarters) => quarters * 15 * 60_000), // lesson length
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), // the provider's answer to each authorization
        fc.array(fc.integer({ min: 1, max: 10 * 60 }), { minLength: 1, maxLength: 400 }), // minutes between sweeps
        (aheadMinutes, lengthMs, answers, gaps) => {
          const createdAtMs = START - aheadMinutes * 60_000;
          const times = { startsAtMs: START, endsAtMs: START + lengthMs, createdAtMs };
          const schedule = paymentSchedule(times);
          let status: BookingStatus = 'confirmed';
          let paymentState: PaymentState = 'scheduled';
          let attempts = 0;
          let noticeSent = false;
          const taken: Array<{ step: PaymentStep; dueAtMs: number; nowMs: number }> = [];

          const runDue = (nowMs: number) => {
            for (let guard = 0; guard < 10; guard += 1) {
              const next = nextPaymentStep({ ...times, status, paymentState, attempts, noticeSent, nowMs });
              if (!next.due) return;
              taken.push({ step: next.step, dueAtMs: next.dueAtMs!, nowMs });
              if (next.step === 'authorize' || next.step === 'retry_authorize') {
                const ok = answers[attempts] ?? false;
                attempts += 1;
                paymentState = paymentTransition(paymentState, { type: ok ? 'authorize_succeeded' : 'authorize_failed' });
              } else if (next.step === 'send_payment_failed_notice') {
                noticeSent = true;
              } else if (next.step === 'cancel_unpaid') {
                status = transition(status, { type: 'cancelled', by: 'student', reason: 'payment_failed' });
              } else if (next.step === 'capture') {
                paymentState = paymentTransition(paymentState, { type: 'captured' });
              }
            }
            throw new Error('a sweep kept finding work: the steps do not converge');
          };

          let nowMs = createdAtMs;
          const sweepAt = (time: number) => {
            runDue(time);
            if (lessonCompletionDue({ status, paymentState, endsAtMs: times.endsAtMs, nowMs: time })) status = transition(status, { type: 'lesson_ended' });
            runDue(time);
          };
          for (const gap of gaps) {
            nowMs += gap * 60_000;
            sweepAt(nowMs);
          }
          sweepAt(Math.max(nowMs, schedule.captureAtMs) + HOUR); // the Clock always gets past the capture

          for (const [index, entry] of taken.entries()) {
            expect(entry.dueAtMs).toBeLessThanOrEqual(entry.nowMs);
            if (index > 0) expect(entry.dueAtMs).toBeGreaterThanOrEqual(taken[index - 1]!.dueAtMs);
          }
          expect(taken.map((entry) => entry.step).join(',')).toMatch(ORDER);
          // An outage may leave retries untried (the T-6 h cancellation wins), so judge by the attempts made.
          const firstSuccess = answers.slice(0, attempts).indexOf(true);
          expect(attempts).toBeLessThanOrEqual(1 + schedule.retryAtMs.length);
          if (firstSuccess >= 0) {
            expect([status, paymentState]).toEqual(['completed', 'captured']);
            expect(attempts).toBe(firstSuccess + 1);
            expect(taken.find((entry) => entry.step === 'capture')!.nowMs).toBeGreaterThanOrEqual(schedule.captureAtMs);
          } else {
            expect([status, paymentState]).toEqual(['cancelled_by_student', 'authorization_failed']);
            expect(taken.find((entry) => entry.step === 'cancel_unpaid')!.nowMs).toBeGreaterThanOrEqual(START - 6 * HOUR);
          }
          const notice = taken.find((entry) => entry.step === 'send_payment_failed_notice');
          if (notice) expect(notice.nowMs).toBeGreaterThanOrEqual(Math.max(START - 12 * HOUR, createdAtMs));
          expect(taken[0]!.nowMs).toBeGreaterThanOrEqual(Math.max(START - 24 * HOUR, createdAtMs));
        },
      ),
      { numRuns: 500 },
    );
  });
});
