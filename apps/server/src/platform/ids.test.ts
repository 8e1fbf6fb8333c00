import { describe, expect, it } from 'vitest';
import { ControllableClock } from './clock.ts';
import { createIdGenerator, isUlid, pooledRandom } from './ids.ts';

describe('ids', () => {
  it('draws random bytes from a pool: values in [0, 1) in steps of 1/256, across refills', () => {
    const random = pooledRandom(8);
    const values = Array.from({ length: 100 }, random);
    for (const value of values) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      expect(Number.isInteger(value * 256)).toBe(true);
    }
    expect(new Set(values).size).toBeGreaterThan(20);
  });

  it('makes ULIDs that sort in creation order within one millisecond and across the clock', () => {
    const clock = new ControllableClock('2026-11-23T15:00:00Z');
    const next = createIdGenerator(clock);
    const sameMillisecond = Array.from({ length: 500 }, next);
    clock.advance(1);
    const later = next();
    const all = [...sameMillisecond, later];
    expect(all.every(isUlid)).toBe(true);
    expect([...all].sort()).toEqual(all);
    expect(new Set(all).size).toBe(all.length);
  });
});
