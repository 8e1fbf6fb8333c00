import { describe, expect, it } from 'vitest';
import { ControllableClock, OffsetClock, systemClock } from './clock.ts';

describe('clocks', () => {
  it('the controllable clock stands still until moved', () => {
    const clock = new ControllableClock('2026-03-08T06:59:00Z');
    expect(clock.now().toISOString()).toBe('2026-03-08T06:59:00.000Z');
    clock.advance(60_000);
    expect(clock.nowMs()).toBe(Date.parse('2026-03-08T07:00:00Z'));
    clock.set('2026-11-01T05:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-11-01T05:00:00.000Z');
    expect(() => clock.set('not a date')).toThrow(RangeError);
  });

  it('the offset clock runs a fixed distance ahead of the system clock', () => {
    const day = 86_400_000;
    const clock = new OffsetClock(day);
    const difference = clock.nowMs() - systemClock.nowMs();
    expect(difference).toBeGreaterThanOrEqual(day - 1_000);
    expect(difference).toBeLessThanOrEqual(day + 1_000);
  });
});
