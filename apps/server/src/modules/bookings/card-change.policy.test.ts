import { describe, expect, it } from 'vitest';
import { assertCardChangeable, type CardChangeInput } from './card-change.policy.ts';
import { MAX_AUTHORIZATION_ATTEMPTS } from './payment-timeline.policy.ts';

const HOUR = 60 * 60_000;
const START = Date.UTC(2026, 10, 25, 15);
const failing: CardChangeInput = { status: 'confirmed', paymentState: 'authorization_failed', startsAtMs: START, endsAtMs: START + HOUR, createdAtMs: START - 72 * HOUR, nowMs: START - 11 * HOUR };

describe('another card for a lesson (PRODUCT.md §6 failed authorization)', () => {
  it('while the card fails, until T-6 h', () => {
    expect(() => assertCardChangeable(failing)).not.toThrow();
    expect(() => assertCardChangeable({ ...failing, nowMs: START - 6 * HOUR - 1 })).not.toThrow();
    expect(() => assertCardChangeable({ ...failing, nowMs: START - 6 * HOUR })).toThrow(expect.objectContaining({ details: { code: 'payment_too_late' } }));
  });

  it('not once paid, or for a lesson no longer booked', () => {
    expect(() => assertCardChangeable({ ...failing, paymentState: 'authorized' })).toThrow(expect.objectContaining({ details: { code: 'payment_not_changeable' } }));
    expect(() => assertCardChangeable({ ...failing, status: 'cancelled_by_student' })).toThrow(expect.objectContaining({ details: { code: 'payment_not_changeable' } }));
  });

  it(`at most ${MAX_AUTHORIZATION_ATTEMPTS} attempts in all for the lesson (the timeline's included)`, () => {
    expect(() => assertCardChangeable({ ...failing, attemptsMade: MAX_AUTHORIZATION_ATTEMPTS - 1 })).not.toThrow();
    expect(() => assertCardChangeable({ ...failing, attemptsMade: MAX_AUTHORIZATION_ATTEMPTS })).toThrow(
      expect.objectContaining({ code: 'conflict', details: { code: 'too_many_payment_attempts' } }),
    );
  });
});
