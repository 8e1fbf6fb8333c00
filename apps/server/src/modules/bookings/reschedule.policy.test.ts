import { describe, expect, it } from 'vitest';
import { bookingFeeCents } from '../payments/fees.policy.ts';
import { BOOKING_STATUSES } from './booking-states.ts';
import { paymentTransition } from './booking.policy.ts';
import { cancellationOutcome } from './cancellation.policy.ts';
import { MAX_RESCHEDULES, reschedulePlan, reschedulesLeft, type RescheduleInput } from './reschedule.policy.ts';

const HOUR = 60 * 60_000;
const START = Date.UTC(2026, 5, 15, 16);
const END = START + 90 * 60_000;
const NOW = START - 72 * HOUR;

const plan = (fields: Partial<RescheduleInput> = {}) =>
  reschedulePlan({
    by: 'student',
    status: 'confirmed',
    paymentState: 'scheduled',
    startsAtMs: START,
    endsAtMs: END,
    originalStartsAtMs: START,
    rescheduleCount: 0,
    newStartsAtMs: START + 48 * HOUR,
    nowMs: NOW,
    ...fields,
  });

const refusal = (code: string) => expect.objectContaining({ details: expect.objectContaining({ code }) });

describe('rescheduling (PRODUCT.md §5)', () => {
  it('moves the lesson, same length, and keeps the terms on the original start', () => {
    expect(plan()).toEqual({
      startsAtMs: START + 48 * HOUR,
      endsAtMs: END + 48 * HOUR,
      originalStartsAtMs: START,
      rescheduleCount: 1,
      reschedulesLeft: 1,
      releaseAuthorization: false,
      authorizeFirst: false,
    });
    // A second move keeps the FIRST original start, not the time it was moved to.
    expect(plan({ startsAtMs: START + 48 * HOUR, endsAtMs: END + 48 * HOUR, rescheduleCount: 1, newStartsAtMs: START + 96 * HOUR })).toMatchObject({
      originalStartsAtMs: START,
      rescheduleCount: 2,
      reschedulesLeft: 0,
    });
  });

  it('at most twice', () => {
    expect(MAX_RESCHEDULES).toBe(2);
    expect(reschedulesLeft(0)).toBe(2);
    expect(reschedulesLeft(2)).toBe(0);
    expect(() => plan({ rescheduleCount: 2 })).toThrow(refusal('reschedule_limit_reached'));
  });

  it('the new time must differ from the current one and be ahead', () => {
    expect(() => plan({ newStartsAtMs: START })).toThrow(expect.objectContaining({ code: 'validation_failed', details: expect.objectContaining({ code: 'same_time' }) }));
    expect(() => plan({ newStartsAtMs: NOW })).toThrow(
      expect.objectContaining({ code: 'validation_failed', details: expect.objectContaining({ code: 'time_in_past', errors: [expect.objectContaining({ field: 'body.startsAt' })] }) }),
    );
    expect(plan({ newStartsAtMs: NOW + 1 }).startsAtMs).toBe(NOW + 1);
  });

  it('only the student, only a confirmed lesson, only before it starts', () => {
    expect(() => plan({ by: 'instructor' })).toThrow(expect.objectContaining({ code: 'forbidden', details: { code: 'student_only' } }));
    for (const status of BOOKING_STATUSES.filter((status) => status !== 'confirmed')) {
      expect(() => plan({ status })).toThrow(refusal('illegal_transition'));
    }
    expect(plan({ nowMs: START - 1 }).rescheduleCount).toBe(1);
    expect(() => plan({ nowMs: START })).toThrow(refusal('lesson_started'));
    // The original start may be long gone when the lesson was moved later: only the current start counts.
    expect(plan({ originalStartsAtMs: START - 96 * HOUR, nowMs: START - HOUR, newStartsAtMs: START + 24 * HOUR }).originalStartsAtMs).toBe(START - 96 * HOUR);
  });

  it('not while the card is failing', () => {
    expect(() => plan({ paymentState: 'authorization_failed' })).toThrow(refusal('payment_failing'));
  });

  it('a held authorization whose making is not known is made again when the lesson moves later, kept when it moves earlier', () => {
    expect(plan({ paymentState: 'authorized', nowMs: START - 20 * HOUR, newStartsAtMs: START + 48 * HOUR }).releaseAuthorization).toBe(true);
    expect(paymentTransition('authorized', { type: 'reauthorization_needed' })).toBe('scheduled');
    expect(plan({ paymentState: 'authorized', nowMs: START - 20 * HOUR, newStartsAtMs: START - 2 * HOUR }).releaseAuthorization).toBe(false);
    expect(plan({ paymentState: 'not_required' }).releaseAuthorization).toBe(false);
  });

  it('a hold is given back only when the new capture (end + 24 h) would come after it lapses, 4 days 18 h after it was made (a Visa merchant-initiated hold; less a 6 h margin)', () => {
    const authorizedAtMs = START - 24 * HOUR;
    const held = { paymentState: 'authorized' as const, nowMs: START - 20 * HOUR, authorizedAtMs };
    // The new end + 24 h + 6 h against authorizedAt + 114 h: the lesson lasts 1.5 h.
    const lastKeptStart = authorizedAtMs + 114 * HOUR - 30 * HOUR - 1.5 * HOUR;
    expect(plan({ ...held, newStartsAtMs: START + 48 * HOUR }).releaseAuthorization).toBe(false);
    expect(plan({ ...held, newStartsAtMs: lastKeptStart }).releaseAuthorization).toBe(false);
    expect(plan({ ...held, newStartsAtMs: lastKeptStart + 15 * 60_000 }).releaseAuthorization).toBe(true);
    expect(plan({ ...held, newStartsAtMs: START + 7 * 24 * HOUR }).releaseAuthorization).toBe(true);
    // Earlier never; nothing held, nothing to give back.
    expect(plan({ ...held, newStartsAtMs: START - 2 * HOUR }).releaseAuthorization).toBe(false);
    expect(plan({ paymentState: 'scheduled', newStartsAtMs: START + 7 * 24 * HOUR }).releaseAuthorization).toBe(false);
  });

  it('a card not held yet is authorized before a move to within 24 h (a decline refuses the move), never for one further out or one already held', () => {
    // NOW is T-72 h: the lesson's own authorization is two days away.
    expect(plan({ newStartsAtMs: NOW + 24 * HOUR }).authorizeFirst).toBe(true);
    expect(plan({ newStartsAtMs: NOW + 24 * HOUR + 15 * 60_000 }).authorizeFirst).toBe(false);
    expect(plan({ newStartsAtMs: NOW + 5.5 * HOUR }).authorizeFirst).toBe(true);
    expect(plan({ newStartsAtMs: START + 48 * HOUR }).authorizeFirst).toBe(false);
    // Already held, or nothing to hold (paid with credit): nothing to ask the card.
    for (const paymentState of ['authorized', 'not_required'] as const) {
      expect(plan({ paymentState, authorizedAtMs: NOW, newStartsAtMs: NOW + 5.5 * HOUR }).authorizeFirst).toBe(false);
    }
    // Moving a lesson already inside its 24 h (its own authorization came due meanwhile and the
    // sweep has not run yet) asks the card now too.
    expect(plan({ nowMs: START - 23 * HOUR, newStartsAtMs: START - 20 * HOUR }).authorizeFirst).toBe(true);
  });

  it('refuses malformed times and counts', () => {
    expect(() => plan({ newStartsAtMs: Number.NaN })).toThrow(RangeError);
    expect(() => plan({ rescheduleCount: -1 })).toThrow(RangeError);
    expect(() => plan({ endsAtMs: START })).toThrow(RangeError);
  });

  it('moving a lesson inside 24 h and then cancelling costs what cancelling the original would have', () => {
    const lesson = 8_000;
    const fee = bookingFeeCents(lesson);
    const nowMs = START - 20 * HOUR;
    const moved = plan({ paymentState: 'authorized', nowMs, newStartsAtMs: START + 7 * 24 * HOUR });
    const money = { by: 'student' as const, nowMs, lessonCents: lesson, bookingFeeCents: fee, creditsUsedCents: 0, cardCents: lesson + fee, commissionTier: 'standard' as const };
    const afterMove = cancellationOutcome({ ...money, originalStartsAtMs: moved.originalStartsAtMs, paymentState: 'scheduled' });
    const original = cancellationOutcome({ ...money, originalStartsAtMs: START, paymentState: 'authorized' });
    expect(afterMove.tier).toBe('late');
    expect({ ...afterMove, cardAction: undefined, summary: undefined }).toEqual({ ...original, cardAction: undefined, summary: undefined });
  });
});
