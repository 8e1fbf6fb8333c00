import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOOKING_STATUSES } from './booking-states.ts';
import { instructorReversal, proportion, refundAmount, refundEvent, TIP_MAX_CENTS, TIP_MIN_CENTS, TIP_WINDOW_MS, tipRefusal } from './tips-refunds.policy.ts';

const END = Date.UTC(2026, 9, 20, 16);

describe('tipRefusal', () => {
  it('takes a tip for a completed lesson from its end to 30 days after, $1–$500', () => {
    for (const nowMs of [END, END + 1, END + TIP_WINDOW_MS]) {
      for (const amountCents of [TIP_MIN_CENTS, 1_234, TIP_MAX_CENTS]) expect(tipRefusal({ status: 'completed', endsAtMs: END, nowMs, amountCents })).toBeNull();
    }
  });

  it('refuses every other status', () => {
    for (const status of BOOKING_STATUSES.filter((s) => s !== 'completed')) {
      expect(tipRefusal({ status, endsAtMs: END, nowMs: END + 1, amountCents: 500 })?.code).toBe('lesson_not_completed');
    }
  });

  it('refuses after the window, and before the end', () => {
    expect(tipRefusal({ status: 'completed', endsAtMs: END, nowMs: END + TIP_WINDOW_MS + 1, amountCents: 500 })?.code).toBe('tip_window_closed');
    expect(tipRefusal({ status: 'completed', endsAtMs: END, nowMs: END - 1, amountCents: 500 })?.code).toBe('lesson_not_completed');
  });

  it('names body.amountCents for amounts out of bounds or not whole cents', () => {
    for (const amountCents of [0, 99, TIP_MAX_CENTS + 1, 150.5, -100]) {
      expect(tipRefusal({ status: 'completed', endsAtMs: END, nowMs: END + 1, amountCents })).toMatchObject({ field: 'body.amountCents', code: 'validation_failed' });
    }
  });
});

describe('refundAmount', () => {
  it('defaults to everything left, never more', () => {
    expect(refundAmount({ chargedCents: 8_960, refundedCents: 0 })).toEqual({ amountCents: 8_960 });
    expect(refundAmount({ chargedCents: 8_960, refundedCents: 960 })).toEqual({ amountCents: 8_000 });
    expect(refundAmount({ chargedCents: 8_960, refundedCents: 960, requestedCents: 8_000 })).toEqual({ amountCents: 8_000 });
    expect(refundAmount({ chargedCents: 8_960, refundedCents: 960, requestedCents: 8_001 })).toMatchObject({ field: 'body.amountCents', code: 'refund_exceeds_remaining' });
    expect(refundAmount({ chargedCents: 8_960, refundedCents: 0, requestedCents: 0 })).toMatchObject({ field: 'body.amountCents' });
    expect(refundAmount({ chargedCents: 8_960, refundedCents: 8_960 })).toMatchObject({ code: 'already_refunded' });
  });
});

describe('instructorReversal', () => {
  it('takes back the refunded share of the transfer, rounded half up', () => {
    expect(proportion(3_000, 6_800, 8_960)).toBe(2_277);
    expect(instructorReversal({ chargedCents: 8_960, transferredCents: 6_800, refundedBeforeCents: 0, refundCents: 3_000 })).toBe(2_277);
    expect(instructorReversal({ chargedCents: 8_960, transferredCents: 6_800, refundedBeforeCents: 0, refundCents: 8_960 })).toBe(6_800);
    expect(instructorReversal({ chargedCents: 8_960, transferredCents: 0, refundedBeforeCents: 0, refundCents: 8_960 })).toBe(0);
  });

  it('refunds adding up to the charge reverse exactly the whole transfer, each within it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 8 }), (charged, share, weights) => {
        const transferred = Math.floor(charged * share);
        const total = weights.reduce((a, b) => a + b, 0);
        let refunded = 0;
        let reversed = 0;
        weights.forEach((w, i) => {
          const part = i === weights.length - 1 ? charged - refunded : Math.min(charged - refunded, Math.floor((charged * w) / total));
          const back = instructorReversal({ chargedCents: charged, transferredCents: transferred, refundedBeforeCents: refunded, refundCents: part });
          expect(back).toBeGreaterThanOrEqual(0);
          expect(back).toBeLessThanOrEqual(part);
          refunded += part;
          reversed += back;
        });
        expect(reversed).toBe(transferred);
        expect(refundEvent(charged, refunded)).toEqual({ type: 'refunded', amount: 'full' });
      }),
    );
  });

  it('a refund short of the charge is partial', () => {
    expect(refundEvent(8_960, 8_959).amount).toBe('partial');
  });
});
