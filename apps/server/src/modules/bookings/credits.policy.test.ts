import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCredits, creditExpiry, isUsable, type AvailableCredit } from './credits.policy.ts';

const NOW = new Date('2026-11-23T15:00:00Z');
const day = (offset: number) => new Date(NOW.getTime() + offset * 86_400_000);
const credit = (id: string, remainingCents: number, issuedDaysAgo: number, expiresInDays = 100): AvailableCredit => ({
  id,
  remainingCents,
  issuedAt: day(-issuedDaysAgo),
  expiresAt: day(expiresInDays),
});

describe('applyCredits', () => {
  it('uses the oldest credit first, whatever order they come in', () => {
    const result = applyCredits([credit('B', 1_000, 10), credit('A', 1_000, 20)], 1_500, NOW);
    expect(result).toEqual({ appliedCents: 1_500, uses: [{ creditId: 'A', cents: 1_000 }, { creditId: 'B', cents: 500 }] });
  });

  it('uses a credit partially and leaves the rest', () => {
    expect(applyCredits([credit('A', 2_000, 5)], 750, NOW)).toEqual({ appliedCents: 750, uses: [{ creditId: 'A', cents: 750 }] });
  });

  it('never applies more than there is, nor more than the amount', () => {
    expect(applyCredits([credit('A', 300, 5), credit('B', 200, 4)], 10_000, NOW).appliedCents).toBe(500);
    expect(applyCredits([credit('A', 300, 5)], 0, NOW)).toEqual({ appliedCents: 0, uses: [] });
  });

  it('ignores expired and empty credits; an expiry at exactly now has passed', () => {
    const expired = credit('A', 1_000, 400, -1);
    const atNow = { ...credit('B', 1_000, 365), expiresAt: NOW };
    const empty = credit('C', 0, 3);
    expect(isUsable(atNow, NOW)).toBe(false);
    expect(applyCredits([expired, atNow, empty, credit('D', 100, 1)], 1_000, NOW)).toEqual({ appliedCents: 100, uses: [{ creditId: 'D', cents: 100 }] });
  });

  it('orders credits issued at the same instant by id', () => {
    const result = applyCredits([credit('Z', 100, 3), credit('M', 100, 3)], 150, NOW);
    expect(result.uses).toEqual([{ creditId: 'M', cents: 100 }, { creditId: 'Z', cents: 50 }]);
  });

  it('refuses a negative or fractional amount', () => {
    expect(() => applyCredits([], -1, NOW)).toThrow(RangeError);
    expect(() => applyCredits([], 1.5, NOW)).toThrow(RangeError);
  });

  it('for any credits: applied = min(amount, usable balance), each use within its credit, oldest used first', () => {
    const arbitraryCredit = fc.record({
      id: fc.string({ minLength: 1, maxLength: 4 }),
      remainingCents: fc.integer({ min: 0, max: 50_000 }),
      issuedAt: fc.integer({ min: -400, max: 0 }).map(day),
      expiresAt: fc.integer({ min: -30, max: 365 }).map(day),
    });
    fc.assert(
      fc.property(fc.uniqueArray(arbitraryCredit, { selector: (c) => c.id, maxLength: 8 }), fc.integer({ min: 0, max: 100_000 }), (credits, amount) => {
        const { appliedCents, uses } = applyCredits(credits, amount, NOW);
        const usable = credits.filter((c) => isUsable(c, NOW));
        expect(appliedCents).toBe(Math.min(amount, usable.reduce((sum, c) => sum + c.remainingCents, 0)));
        expect(uses.reduce((sum, use) => sum + use.cents, 0)).toBe(appliedCents);
        for (const use of uses) {
          const source = usable.find((c) => c.id === use.creditId)!;
          expect(use.cents).toBeGreaterThan(0);
          expect(use.cents).toBeLessThanOrEqual(source.remainingCents);
        }
        // Only the last credit used may be partial: every earlier one is used up.
        for (const use of uses.slice(0, -1)) expect(use.cents).toBe(usable.find((c) => c.id === use.creditId)!.remainingCents);
      }),
    );
  });
});

describe('creditExpiry', () => {
  it('is a year (365 days) after issue', () => {
    expect(creditExpiry(new Date('2026-11-23T15:00:00Z')).toISOString()).toBe('2027-11-23T15:00:00.000Z');
  });
});
