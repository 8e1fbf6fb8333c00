import { describe, expect, it } from 'vitest';
import { ControllableClock, isMovableClock, OffsetClock, systemClock } from './clock.ts';

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

  it('the offset clock moves by changing its offset, and keeps flowing with its base', () => {
    const base = new ControllableClock('2026-11-23T15:00:00Z');
    const clock = new OffsetClock(0, base);
    expect(clock.isMoved()).toBe(false);
    clock.advance(90 * 60_000);
    expect(clock.now().toISOString()).toBe('2026-11-23T16:30:00.000Z');
    base.advance(1_000);
    expect(clock.now().toISOString()).toBe('2026-11-23T16:30:01.000Z');
    clock.set('2026-11-20T09:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-11-20T09:00:00.000Z');
    expect(clock.offset).toBe(Date.parse('2026-11-20T09:00:00Z') - base.nowMs());
    expect(clock.isMoved()).toBe(true);
    clock.set(base.now());
    expect(clock.isMoved()).toBe(false);
    expect(() => clock.set('never')).toThrow(RangeError);
  });

  it('tells movable clocks from the system clock', () => {
    expect(isMovableClock(systemClock)).toBe(false);
    expect(isMovableClock(new OffsetClock(0))).toBe(true);
    const frozen = new ControllableClock();
    expect(isMovableClock(frozen)).toBe(true);
    expect(frozen.isMoved()).toBe(false);
    frozen.advance(1);
    expect(frozen.isMoved()).toBe(true);
  });
});
