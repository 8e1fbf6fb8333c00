import { describe, expect, it } from 'vitest';
import { quoteBooking } from './booking-quote.policy.ts';

const NOW = new Date('2026-11-23T15:00:00Z');
const later = new Date('2027-06-01T00:00:00Z');

describe('quoteBooking', () => {
  it('adds the 12% booking fee to the lesson price; the card pays it all without credits', () => {
    expect(quoteBooking({ lessonCents: 8_000, credits: [], now: NOW })).toEqual({
      lessonCents: 8_000,
      bookingFeeCents: 960,
      totalCents: 8_960,
      creditsAppliedCents: 0,
      cardCents: 8_960,
      credits: [],
    });
  });

  it('rounds the fee by the fee policy (half a cent up)', () => {
    // 12% of 4_321 = 518.52 → 519; of 4_325 = 519.0.
    expect(quoteBooking({ lessonCents: 4_321, credits: [], now: NOW }).bookingFeeCents).toBe(519);
    expect(quoteBooking({ lessonCents: 4_325, credits: [], now: NOW }).totalCents).toBe(4_844);
  });

  it('applies credits to the total (fee included), the card pays the rest', () => {
    const quote = quoteBooking({ lessonCents: 8_000, credits: [{ id: 'A', remainingCents: 2_000, issuedAt: NOW, expiresAt: later }], now: NOW });
    expect(quote).toMatchObject({ totalCents: 8_960, creditsAppliedCents: 2_000, cardCents: 6_960, credits: [{ creditId: 'A', cents: 2_000 }] });
  });

  it('needs no card when credits cover everything, and leaves the rest of the credit', () => {
    const quote = quoteBooking({ lessonCents: 5_000, credits: [{ id: 'A', remainingCents: 10_000, issuedAt: NOW, expiresAt: later }], now: NOW });
    expect(quote).toMatchObject({ totalCents: 5_600, creditsAppliedCents: 5_600, cardCents: 0, credits: [{ creditId: 'A', cents: 5_600 }] });
  });

  it('refuses a price that is not whole positive cents', () => {
    expect(() => quoteBooking({ lessonCents: 0, credits: [], now: NOW })).toThrow(RangeError);
    expect(() => quoteBooking({ lessonCents: 10.5, credits: [], now: NOW })).toThrow(RangeError);
  });
});
