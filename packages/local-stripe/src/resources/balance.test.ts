import { describe, expect, it } from 'vitest';
import { stripeProcessingFee } from './balance.ts';

describe('stripeProcessingFee', () => {
  it('is 2.9% + 30¢, rounded half up to the cent', () => {
    expect(stripeProcessingFee(10000)).toBe(320);
    expect(stripeProcessingFee(1234)).toBe(66); // 35.786 → 36
    expect(stripeProcessingFee(500)).toBe(45); // 14.5 → 15
    expect(stripeProcessingFee(1500)).toBe(74); // 43.5 → 44
    expect(stripeProcessingFee(50)).toBe(31); // 1.45 → 1
  });
});
