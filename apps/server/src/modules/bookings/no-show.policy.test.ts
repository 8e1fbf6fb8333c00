import { describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.ts';
import { bookingFeeCents, lessonSplit } from '../payments/fees.policy.ts';
import { BOOKING_STATUSES, type PaymentState } from './booking-states.ts';
import { nextPaymentStep } from './payment-timeline.policy.ts';
import {
  absentParty,
  assertMayDispute,
  assertMayReport,
  disputeDeadlineMs,
  noShowReportWindow,
  noShowResolution,
  undisputedFinding,
  undisputedResolutionDue,
  type NoShowReport,
} from './no-show.policy.ts';

const HOUR = 60 * 60_000;
const START = Date.UTC(2026, 5, 15, 16);
const END = START + HOUR;
const LESSON = 8_000;
const FEE = bookingFeeCents(LESSON);
const TOTAL = LESSON + FEE;

const refusal = (code: string) => expect.objectContaining({ details: expect.objectContaining({ code }) });

describe('reporting a no-show (PRODUCT.md §5)', () => {
  const report = (fields: Partial<Parameters<typeof assertMayReport>[0]>) => () =>
    assertMayReport({ status: 'completed', endsAtMs: END, nowMs: END + HOUR, reporter: 'student', existing: null, ...fields });

  it('either party reports the other absent', () => {
    expect(absentParty('student')).toBe('instructor');
    expect(absentParty('instructor')).toBe('student');
    expect(report({ reporter: 'student' })).not.toThrow();
    expect(report({ reporter: 'instructor' })).not.toThrow();
  });

  it('from the end until 24 h after it, the last instant excluded', () => {
    expect(noShowReportWindow(END)).toEqual({ opensAtMs: END, closesAtMs: END + 24 * HOUR });
    expect(report({ nowMs: END })).not.toThrow();
    expect(report({ nowMs: END + 24 * HOUR - 1 })).not.toThrow();
    expect(report({ nowMs: END + 24 * HOUR })).toThrow(refusal('no_show_window_closed'));
    expect(report({ nowMs: END - 1 })).toThrow(refusal('no_show_too_early'));
  });

  it('once per booking', () => {
    const existing: NoShowReport = { reporter: 'instructor', reportedAtMs: END + HOUR, disputedAtMs: null, resolvedAtMs: null };
    expect(report({ existing })).toThrow(refusal('no_show_already_reported'));
  });

  it('only on a completed lesson', () => {
    for (const status of BOOKING_STATUSES.filter((status) => status !== 'completed')) {
      expect(report({ status })).toThrow(refusal('illegal_transition'));
    }
  });
});

describe('disputing a report', () => {
  const open: NoShowReport = { reporter: 'student', reportedAtMs: END + 2 * HOUR, disputedAtMs: null, resolvedAtMs: null };

  it('only by the party reported absent, within 24 h of the report', () => {
    expect(disputeDeadlineMs(open.reportedAtMs)).toBe(END + 26 * HOUR);
    expect(() => assertMayDispute({ report: open, disputer: 'instructor', nowMs: END + 26 * HOUR - 1 })).not.toThrow();
    expect(() => assertMayDispute({ report: open, disputer: 'instructor', nowMs: END + 26 * HOUR })).toThrow(refusal('dispute_window_closed'));
    expect(() => assertMayDispute({ report: open, disputer: 'student', nowMs: END + 3 * HOUR })).toThrow(
      expect.objectContaining({ code: 'forbidden', details: { code: 'not_the_reported_party' } }),
    );
  });

  it('once, and never after the resolution', () => {
    expect(() => assertMayDispute({ report: { ...open, disputedAtMs: END + 3 * HOUR }, disputer: 'instructor', nowMs: END + 4 * HOUR })).toThrow(
      refusal('no_show_already_disputed'),
    );
    expect(() => assertMayDispute({ report: { ...open, resolvedAtMs: END + 3 * HOUR }, disputer: 'instructor', nowMs: END + 4 * HOUR })).toThrow(
      refusal('no_show_resolved'),
    );
  });

  it('an undisputed report is resolved once its window closed, as it claimed', () => {
    expect(undisputedResolutionDue(open, END + 26 * HOUR - 1)).toBe(false);
    expect(undisputedResolutionDue(open, END + 26 * HOUR)).toBe(true);
    expect(undisputedResolutionDue({ ...open, disputedAtMs: END + 3 * HOUR }, END + 30 * HOUR)).toBe(false);
    expect(undisputedResolutionDue({ ...open, resolvedAtMs: END + 27 * HOUR }, END + 30 * HOUR)).toBe(false);
    expect(undisputedFinding(open)).toBe('instructor');
    expect(undisputedFinding({ ...open, reporter: 'instructor' })).toBe('student');
  });
});

describe('the resolution: status and money', () => {
  const resolve = (fields: Partial<Parameters<typeof noShowResolution>[0]>) =>
    noShowResolution({
      status: 'completed',
      absent: 'student',
      paymentState: 'authorized',
      lessonCents: LESSON,
      bookingFeeCents: FEE,
      creditsUsedCents: 1_000,
      cardCents: TOTAL - 1_000,
      commissionTier: 'established',
      ...fields,
    });

  it('the student absent: no_show_student, the instructor paid as for a completed lesson, captured on the timeline', () => {
    const split = lessonSplit(LESSON, 'established');
    expect(resolve({ absent: 'student' })).toEqual({
      status: 'no_show_student',
      cardAction: 'none',
      releaseAuthorization: false,
      refundCents: 0,
      creditsReturnedCents: 0,
      studentPaysCents: TOTAL,
      instructorPaid: true,
      instructorCents: split.instructorReceivesCents,
      platformKeepsCents: split.platformKeepsCents,
      countsAgainstInstructor: false,
    });
    const next = nextPaymentStep({
      status: 'no_show_student',
      paymentState: 'authorized',
      startsAtMs: START,
      endsAtMs: END,
      createdAtMs: START - 72 * HOUR,
      attempts: 1,
      noticeSent: false,
      nowMs: END + 26 * HOUR,
    });
    expect(next).toMatchObject({ step: 'capture', due: true });
  });

  it.each([
    ['authorized', 'release', 0],
    ['captured', 'refund', TOTAL - 1_000],
    ['not_required', 'none', 0],
  ] as const)('the instructor absent (%s): refunded in full by %s, credits back, counted against them', (paymentState, cardAction, refundCents) => {
    expect(resolve({ absent: 'instructor', paymentState })).toEqual({
      status: 'no_show_instructor',
      cardAction,
      releaseAuthorization: cardAction === 'release',
      refundCents,
      creditsReturnedCents: 1_000,
      studentPaysCents: 0,
      instructorPaid: false,
      instructorCents: 0,
      platformKeepsCents: 0,
      countsAgainstInstructor: true,
    });
  });

  it('an admin finding that the lesson took place leaves it completed and paid', () => {
    expect(resolve({ absent: 'nobody' })).toMatchObject({ status: 'completed', instructorPaid: true, studentPaysCents: TOTAL });
  });

  it('refuses a booking that is not completed, a settled payment, amounts that do not add up', () => {
    expect(() => resolve({ status: 'confirmed' })).toThrow(DomainError);
    expect(() => resolve({ status: 'no_show_student' })).toThrow(refusal('illegal_transition'));
    for (const paymentState of ['released', 'refunded', 'partially_refunded'] as PaymentState[]) {
      expect(() => resolve({ absent: 'instructor', paymentState })).toThrow(refusal('payment_settled'));
    }
    expect(() => resolve({ cardCents: 1 })).toThrow(RangeError);
    expect(() => resolve({ lessonCents: -5 })).toThrow(RangeError);
  });
});
