import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.ts';
import { bookingFeeCents, commissionCents, lessonSplit, type CommissionTier } from '../payments/fees.policy.ts';
import { BOOKING_STATUSES, type PaymentState } from './booking-states.ts';
import {
  assertCancellable,
  cancellationDeadlines,
  cancellationOutcome,
  studentCancellationTier,
  type CancellationInput,
  type CancellationOutcome,
} from './cancellation.policy.ts';

const HOUR = 60 * 60_000;
const START = Date.UTC(2026, 5, 15, 16);
const LESSON = 8_000;
const FEE = bookingFeeCents(LESSON); // 960
const TOTAL = LESSON + FEE;

function cancel(fields: Partial<CancellationInput> = {}): CancellationOutcome {
  const creditsUsedCents = fields.creditsUsedCents ?? 0;
  return cancellationOutcome({
    by: 'student',
    nowMs: START - 48 * HOUR,
    originalStartsAtMs: START,
    lessonCents: LESSON,
    bookingFeeCents: FEE,
    creditsUsedCents,
    cardCents: TOTAL - creditsUsedCents,
    paymentState: 'scheduled',
    commissionTier: 'standard',
    ...fields,
  });
}

describe('tiers by the time left before the original start (PRODUCT.md §6)', () => {
  it.each([
    [48 * HOUR, 'free'],
    [24 * HOUR + 1, 'free'],
    [24 * HOUR, 'late'], // exactly 24 h is "12–24 h", not "more than 24 h"
    [18 * HOUR, 'late'],
    [12 * HOUR, 'late'], // exactly 12 h is not "less than 12 h"
    [12 * HOUR - 1, 'very_late'],
    [HOUR, 'very_late'],
    [0, 'very_late'],
    [-3 * 24 * HOUR, 'very_late'], // the original start passed: the lesson was moved later
  ] as const)('%i ms before → %s', (left, tier) => {
    expect(studentCancellationTier(START, START - left)).toBe(tier);
    expect(cancel({ nowMs: START - left, paymentState: 'authorized' }).tier).toBe(tier);
  });

  it('gives the deadlines for "free until …"', () => {
    expect(cancellationDeadlines(START)).toEqual({ freeUntilMs: START - 24 * HOUR, lateUntilMs: START - 12 * HOUR });
    expect(() => cancellationDeadlines(Number.NaN)).toThrow(RangeError);
  });

  it('is locked to the original start: a lesson moved two days later still cancels as the original would', () => {
    // Originally at START, moved to START + 48 h; cancelled 20 h before START.
    expect(cancel({ nowMs: START - 20 * HOUR, originalStartsAtMs: START, paymentState: 'scheduled' }).tier).toBe('late');
  });
});

describe('what happens to the money', () => {
  it('more than 24 h before: an authorization is released, credits come back, nothing charged', () => {
    expect(cancel({ paymentState: 'authorized', creditsUsedCents: 1_000 })).toEqual({
      tier: 'free',
      cardAction: 'release',
      cardChargeCents: 0,
      releaseAuthorization: true,
      refundCents: 0,
      creditIssuedCents: 0,
      creditsReturnedCents: 1_000,
      instructorPaid: false,
      instructorCents: 0,
      platformKeepsCents: 0,
      countsAgainstInstructor: false,
      summary: 'Free cancellation: nothing is charged; the $79.60 hold on the card is released and $10.00 of credit is returned.',
    });
    expect(cancel({ paymentState: 'scheduled' })).toMatchObject({ tier: 'free', cardAction: 'none', releaseAuthorization: false, summary: 'Free cancellation: nothing is charged.' });
  });

  it('12–24 h before: the lesson is charged, its price comes back as credit, the instructor is not paid', () => {
    expect(cancel({ nowMs: START - 20 * HOUR, paymentState: 'authorized', creditsUsedCents: 1_000 })).toEqual({
      tier: 'late',
      cardAction: 'capture',
      cardChargeCents: TOTAL - 1_000,
      releaseAuthorization: false,
      refundCents: 0,
      creditIssuedCents: LESSON,
      creditsReturnedCents: 0,
      instructorPaid: false,
      instructorCents: 0,
      platformKeepsCents: FEE,
      countsAgainstInstructor: false,
      summary:
        'Late cancellation (12 to 24 hours before the lesson): the lesson and booking fee, $89.60, are charged ($79.60 on the card and $10.00 of credit), and $80.00 comes back as credit for a future lesson. The instructor is not paid.',
    });
    // Not yet authorized (the lesson was moved later): the card is charged at once.
    expect(cancel({ nowMs: START - 20 * HOUR, paymentState: 'scheduled' }).cardAction).toBe('charge');
    expect(cancel({ nowMs: START - 20 * HOUR, paymentState: 'authorization_failed' }).cardAction).toBe('charge');
  });

  it.each(['founding', 'standard', 'established', 'top'] as CommissionTier[])('less than 12 h before: charged in full, the instructor paid by tier (%s)', (tier) => {
    const outcome = cancel({ nowMs: START - 2 * HOUR, paymentState: 'authorized', commissionTier: tier });
    const split = lessonSplit(LESSON, tier);
    expect(outcome).toMatchObject({
      tier: 'very_late',
      cardAction: 'capture',
      cardChargeCents: TOTAL,
      creditIssuedCents: 0,
      creditsReturnedCents: 0,
      instructorPaid: true,
      instructorCents: split.instructorReceivesCents,
      platformKeepsCents: split.platformKeepsCents,
    });
    expect(outcome.summary).toBe('Cancellation less than 12 hours before the lesson: the full $89.60 is charged ($89.60 on the card) and the instructor is paid. Nothing is refunded.');
  });

  it.each([
    ['authorized', 'release', 0],
    ['captured', 'refund', TOTAL - 500],
    ['scheduled', 'none', 0],
    ['authorization_failed', 'none', 0],
  ] as const)('the instructor cancels (%s): full refund by %s, credits back, counted against them', (paymentState, cardAction, refundCents) => {
    for (const nowMs of [START - 72 * HOUR, START - 18 * HOUR, START - HOUR]) {
      expect(cancel({ by: 'instructor', nowMs, paymentState, creditsUsedCents: 500 })).toMatchObject({
        tier: 'instructor',
        cardAction,
        cardChargeCents: 0,
        refundCents,
        creditsReturnedCents: 500,
        instructorPaid: false,
        countsAgainstInstructor: true,
      });
    }
    expect(cancel({ by: 'instructor', paymentState: 'captured' }).summary).toBe(
      'The instructor cancels: the student is refunded in full ($89.60 is refunded to the card). This cancellation counts against the instructor.',
    );
  });

  it('credits that covered everything: nothing to do on the card, whatever the tier', () => {
    const whole = { creditsUsedCents: TOTAL, paymentState: 'not_required' as const };
    expect(cancel({ ...whole })).toMatchObject({ tier: 'free', cardAction: 'none', creditsReturnedCents: TOTAL });
    expect(cancel({ ...whole, nowMs: START - 20 * HOUR })).toMatchObject({ tier: 'late', cardAction: 'none', cardChargeCents: 0, creditIssuedCents: LESSON, platformKeepsCents: FEE });
    expect(cancel({ ...whole, nowMs: START - HOUR })).toMatchObject({ tier: 'very_late', cardAction: 'none', instructorPaid: true });
  });

  it('a hold never confirmed cancels free, even inside 12 h', () => {
    expect(cancel({ nowMs: START - HOUR, paymentState: 'awaiting_method' })).toMatchObject({ tier: 'free', cardAction: 'none', cardChargeCents: 0 });
  });

  it('a failed payment at T-6 h: nothing charged, credits back, not the instructor’s fault', () => {
    expect(cancel({ reason: 'payment_failed', nowMs: START - 6 * HOUR, paymentState: 'authorization_failed', creditsUsedCents: 300 })).toMatchObject({
      tier: 'payment_failed',
      cardAction: 'none',
      cardChargeCents: 0,
      creditsReturnedCents: 300,
      countsAgainstInstructor: false,
      summary: 'Cancelled because the card could not be charged: nothing is charged; $3.00 of credit is returned.',
    });
    expect(() => cancel({ reason: 'payment_failed', paymentState: 'authorized' })).toThrow(DomainError);
    expect(() => cancel({ reason: 'payment_failed', by: 'instructor', paymentState: 'authorization_failed' })).toThrow(DomainError);
  });

  it('refuses a payment already settled and amounts that do not add up', () => {
    for (const paymentState of ['released', 'refunded', 'partially_refunded'] as PaymentState[]) {
      expect(() => cancel({ paymentState })).toThrow(expect.objectContaining({ code: 'conflict', details: expect.objectContaining({ code: 'payment_settled' }) }));
    }
    expect(() => cancel({ cardCents: TOTAL + 1 })).toThrow(RangeError);
    expect(() => cancel({ lessonCents: -1 })).toThrow(RangeError);
    expect(() => cancel({ creditsUsedCents: 0.5, cardCents: TOTAL - 0.5 })).toThrow(RangeError);
  });
});

describe('who may cancel, and until when', () => {
  it('only a hold or a confirmed lesson, only before it starts', () => {
    for (const status of BOOKING_STATUSES) {
      const allowed = status === 'pending_payment' || status === 'confirmed';
      const attempt = () => assertCancellable({ status, startsAtMs: START }, 'student', START - HOUR);
      if (allowed) expect(attempt).not.toThrow();
      else expect(attempt).toThrow(expect.objectContaining({ code: 'conflict', details: expect.objectContaining({ code: 'illegal_transition' }) }));
    }
    expect(() => assertCancellable({ status: 'confirmed', startsAtMs: START }, 'instructor', START)).toThrow(
      expect.objectContaining({ details: { code: 'lesson_started' } }),
    );
  });
});

describe('property: money is conserved', () => {
  const STATES: PaymentState[] = ['awaiting_method', 'scheduled', 'authorized', 'authorization_failed', 'captured', 'not_required'];

  it('charged = paid to the instructor + kept + issued as credit; credit ≤ lesson price; nothing negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_00 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom<'student' | 'instructor'>('student', 'instructor'),
        fc.integer({ min: -72 * 60, max: 14 * 24 * 60 }), // minutes before the original start
        fc.constantFrom(...STATES),
        fc.constantFrom<CommissionTier>('founding', 'standard', 'established', 'top'),
        (lesson, creditShare, by, minutesBefore, paymentState, commissionTier) => {
          const fee = bookingFeeCents(lesson);
          const creditsUsed = paymentState === 'not_required' ? lesson + fee : Math.floor((lesson + fee) * creditShare);
          const card = lesson + fee - creditsUsed;
          const outcome = cancellationOutcome({
            by,
            nowMs: START - minutesBefore * 60_000,
            originalStartsAtMs: START,
            lessonCents: lesson,
            bookingFeeCents: fee,
            creditsUsedCents: creditsUsed,
            cardCents: card,
            paymentState,
            commissionTier,
          });
          const amounts = [
            outcome.cardChargeCents,
            outcome.refundCents,
            outcome.creditIssuedCents,
            outcome.creditsReturnedCents,
            outcome.instructorCents,
            outcome.platformKeepsCents,
          ];
          for (const amount of amounts) expect(Number.isSafeInteger(amount) && amount >= 0).toBe(true);
          const creditsKept = creditsUsed - outcome.creditsReturnedCents;
          expect(outcome.cardChargeCents + creditsKept).toBe(outcome.instructorCents + outcome.platformKeepsCents + outcome.creditIssuedCents);
          expect(outcome.creditIssuedCents).toBeLessThanOrEqual(lesson);
          expect(outcome.cardChargeCents).toBeLessThanOrEqual(card);
          expect(outcome.refundCents).toBeLessThanOrEqual(paymentState === 'captured' ? card : 0);
          expect(outcome.instructorPaid).toBe(outcome.tier === 'very_late');
          expect(outcome.instructorCents).toBe(outcome.instructorPaid ? lesson - commissionCents(lesson, commissionTier) : 0);
          // Either the whole price is paid or none of it is.
          expect([0, lesson + fee]).toContain(outcome.cardChargeCents + creditsKept);
          // An authorization is released only when one is held; the card is never both charged and refunded.
          if (outcome.releaseAuthorization) expect(paymentState).toBe('authorized');
          expect(outcome.cardChargeCents > 0 && outcome.refundCents > 0).toBe(false);
          if (by === 'instructor') expect(outcome).toMatchObject({ cardChargeCents: 0, creditsReturnedCents: creditsUsed, countsAgainstInstructor: true });
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
