import { isMovableClock, type Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';

export interface ClockReading {
  now: string;
  /** Moved off the time it would show by itself (by this API or a `cli time-travel` offset). */
  moved: boolean;
}

export type ClockMove = { set?: string; advanceMinutes?: number };

/**
 * Development's time machine: reads and moves the Clock the whole process runs on (bookings'
 * sweeps, the local Stripe's expiries, rate limits, token lifetimes). Forward by minutes, or to
 * any instant with `set` — the only way back, since going back re-opens what already happened
 * (a schedule then waits until the clock passes its last run again).
 */
export class DevClockService {
  constructor(private readonly clock: Clock) {}

  read(): ClockReading {
    return { now: this.clock.now().toISOString(), moved: isMovableClock(this.clock) && this.clock.isMoved() };
  }

  move(input: ClockMove): ClockReading {
    const given = (['set', 'advanceMinutes'] as const).filter((field) => input[field] !== undefined);
    if (given.length !== 1) {
      const reason = given.length === 0 ? 'give one of set or advanceMinutes' : 'give set or advanceMinutes, not both';
      throw new DomainError('validation_failed', `body: ${reason}`, { errors: [{ field: 'body', reason }] });
    }
    const clock = this.clock;
    if (!isMovableClock(clock)) throw new DomainError('conflict', 'This process runs on a clock that cannot be moved.');
    if (input.set !== undefined) clock.set(input.set);
    else clock.advance(input.advanceMinutes! * 60_000);
    return this.read();
  }
}
