import { describe, expect, it } from 'vitest';
import { ControllableClock, systemClock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { DevClockService } from './dev-clock.service.ts';

describe('the development clock service', () => {
  it('moves a movable clock forward by minutes or to an instant', () => {
    const service = new DevClockService(new ControllableClock('2026-11-23T15:00:00Z'));
    expect(service.move({ advanceMinutes: 24 * 60 })).toEqual({ now: '2026-11-24T15:00:00.000Z', moved: true });
    expect(service.move({ set: '2026-11-01T12:00:00Z' }).now).toBe('2026-11-01T12:00:00.000Z');
  });

  it('wants exactly one kind of move', () => {
    const service = new DevClockService(new ControllableClock());
    expect(() => service.move({})).toThrow(DomainError);
    expect(() => service.move({ set: '2026-11-01T12:00:00Z', advanceMinutes: 1 })).toThrow(/not both/);
  });

  it('refuses to move a clock that cannot be moved (409), and reads it as not moved', () => {
    const service = new DevClockService(systemClock);
    expect(service.read().moved).toBe(false);
    try {
      service.move({ advanceMinutes: 5 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).status).toBe(409);
    }
  });
});
