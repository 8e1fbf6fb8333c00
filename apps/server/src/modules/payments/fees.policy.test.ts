import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bookingFeeCents,
  commissionBps,
  destinationFeeCents,
  commissionCents,
  commissionTier,
  commissionWindowStartMs,
  instantPayoutFeeCents,
  instantPayoutSplit,
  lessonSplit,
  percentOfCents,
  type CommissionTier,
} from './fees.policy.ts';

const TIERS: CommissionTier[] = ['founding', 'standard', 'established', 'top'];

describe('commission tiers (PRODUCT.md §6)', () => {
  it.each([
    [0, 'standard'],
    [1, 'standard'],
    [9, 'standard'],
    [10, 'established'],
    [29, 'established'],
    [30, 'top'],
    [31, 'top'],
    [500, 'top'],
  ] as const)('%i completed lessons in 90 days → %s', (count, tier) => {
    expect(commissionTier({ founding: false, completedLessonsLast90Days: count })).toBe(tier);
  });

  it('founding instructors pay 8% whatever their count (no demotion)', () => {
    for (const count of [0, 9, 10, 29, 30, 1000]) expect(commissionTier({ founding: true, completedLessonsLast90Days: count })).toBe('founding');
  });

  it('rates are 15 / 12 / 10 % and founding 8 %', () => {
    expect(TIERS.map((tier) => [tier, commissionBps(tier)])).toEqual([
      ['founding', 800],
      ['standard', 1500],
      ['established', 1200],
      ['top', 1000],
    ]);
  });

  it('refuses a count that is not a whole number ≥ 0', () => {
    for (const count of [-1, 1.5, Number.NaN]) expect(() => commissionTier({ founding: false, completedLessonsLast90Days: count })).toThrow(RangeError);
  });

  it('counts the 90 days before the completion', () => {
    expect(new Date(commissionWindowStartMs(Date.UTC(2026, 3, 1, 12))).toISOString()).toBe('2026-01-01T12:00:00.000Z');
  });
});

describe('rounding: the nearest cent, half a cent up', () => {
  it.each([
    // cents, bps, exact, rounded
    [0, 1200, 0],
    [1, 1200, 0], // 0.12
    [4, 1200, 0], // 0.48
    [5, 1200, 1], // 0.6
    [25, 200, 1], // 0.5 exactly: up
    [24, 200, 0], // 0.48
    [75, 200, 2], // 1.5 exactly: up
    [8000, 1200, 960],
    [8333, 1200, 1000], // 999.96
    [8333, 1500, 1250], // 1249.95: up
    [6667, 1500, 1000], // 1000.05
    [12_345, 800, 988], // 987.6
    [10_000, 10_000, 10_000],
    [10_000, 0, 0],
  ] as const)('%i cents × %i bp = %i', (cents, bps, expected) => {
    expect(percentOfCents(cents, bps)).toBe(expected);
  });

  it('refuses amounts that are not whole cents ≥ 0 and rates outside 0–100 %', () => {
    expect(() => percentOfCents(-1, 1200)).toThrow(RangeError);
    expect(() => percentOfCents(1.5, 1200)).toThrow(RangeError);
    expect(() => percentOfCents(100, 10_001)).toThrow(RangeError);
    expect(() => percentOfCents(Number.MAX_SAFE_INTEGER, 1200)).toThrow(RangeError);
  });

  it('never differs from the exact percentage by more than half a cent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: 10_000 }), (cents, bps) => {
        const rounded = percentOfCents(cents, bps);
        // Compare ×10000 to stay in integers: |rounded×10000 − cents×bps| ≤ 5000, and a tie rounds up.
        const diff = rounded * 10_000 - cents * bps;
        expect(diff).toBeGreaterThanOrEqual(-4_999);
        expect(diff).toBeLessThanOrEqual(5_000);
      }),
    );
  });
});

describe('a lesson split', () => {
  it('an $80 lesson at each tier', () => {
    expect(TIERS.map((tier) => lessonSplit(8_000, tier))).toEqual([
      { lessonCents: 8000, bookingFeeCents: 960, commissionCents: 640, studentPaysCents: 8960, instructorReceivesCents: 7360, platformKeepsCents: 1600 },
      { lessonCents: 8000, bookingFeeCents: 960, commissionCents: 1200, studentPaysCents: 8960, instructorReceivesCents: 6800, platformKeepsCents: 2160 },
      { lessonCents: 8000, bookingFeeCents: 960, commissionCents: 960, studentPaysCents: 8960, instructorReceivesCents: 7040, platformKeepsCents: 1920 },
      { lessonCents: 8000, bookingFeeCents: 960, commissionCents: 800, studentPaysCents: 8960, instructorReceivesCents: 7200, platformKeepsCents: 1760 },
    ]);
  });

  it('a 45-minute lesson at $67.49 (odd cents round half up)', () => {
    expect(lessonSplit(6_749, 'standard')).toEqual({
      lessonCents: 6749,
      bookingFeeCents: 810, // 809.88
      commissionCents: 1012, // 1012.35
      studentPaysCents: 7559,
      instructorReceivesCents: 5737,
      platformKeepsCents: 1822,
    });
  });

  it('for any price and tier the money adds up exactly, in whole cents', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom(...TIERS), (price, tier) => {
        const split = lessonSplit(price, tier);
        expect(split.studentPaysCents).toBe(price + split.bookingFeeCents);
        expect(split.instructorReceivesCents).toBe(price - split.commissionCents);
        expect(split.platformKeepsCents).toBe(split.bookingFeeCents + split.commissionCents);
        // Nothing is created or lost: what the student pays is what the instructor and the platform get.
        expect(split.studentPaysCents).toBe(split.instructorReceivesCents + split.platformKeepsCents);
        for (const value of Object.values(split)) expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
        expect(split.bookingFeeCents).toBe(bookingFeeCents(price));
        expect(split.commissionCents).toBe(commissionCents(price, tier));
        expect(split.commissionCents).toBeLessThanOrEqual(price);
      }),
    );
  });

  it('a lower tier never costs the instructor more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (price) => {
        const order = ['standard', 'established', 'top', 'founding'] as const;
        const commissions = order.map((tier) => commissionCents(price, tier));
        for (let i = 1; i < commissions.length; i++) expect(commissions[i]).toBeLessThanOrEqual(commissions[i - 1]!);
      }),
    );
  });
});

describe('instant payout fee (2 %)', () => {
  it.each([
    [10_000, 200, 9_800],
    [12_345, 247, 12_098], // 246.9
    [25, 1, 24], // 0.5 up
    [24, 0, 24],
    [0, 0, 0],
  ] as const)('%i cents → fee %i, arrives %i', (payout, fee, arrives) => {
    expect(instantPayoutSplit(payout)).toEqual({ payoutCents: payout, feeCents: fee, arrivesCents: arrives });
    expect(instantPayoutFeeCents(payout)).toBe(fee);
  });

  it('fee + what arrives = what was asked, for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), (payout) => {
        const split = instantPayoutSplit(payout);
        expect(split.feeCents + split.arrivesCents).toBe(payout);
        expect(split.arrivesCents).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('destinationFeeCents (the platform part of a lesson charge)', () => {
  it('is the booking fee and commission, less credits, within what the card pays', () => {
    expect(destinationFeeCents({ cardCents: 8_960, bookingFeeCents: 960, commissionCents: 1_200, creditsCents: 0 })).toBe(2_160);
    expect(destinationFeeCents({ cardCents: 7_960, bookingFeeCents: 960, commissionCents: 1_200, creditsCents: 1_000 })).toBe(1_160);
    expect(destinationFeeCents({ cardCents: 3_960, bookingFeeCents: 960, commissionCents: 1_200, creditsCents: 5_000 })).toBe(0);
    expect(destinationFeeCents({ cardCents: 100, bookingFeeCents: 960, commissionCents: 1_200, creditsCents: 0 })).toBe(100);
  });
});
