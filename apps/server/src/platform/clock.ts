/**
 * The only place that reads the wall clock. Everything else receives a Clock, so tests and
 * the development time-travel command can move time.
 */
export interface Clock {
  now(): Date;
  nowMs(): number;
}

export const systemClock: Clock = {
  now: () => new Date(),
  nowMs: () => Date.now(),
};

/** A clock that stands still until told to move: for tests and `cli time-travel`. */
export class ControllableClock implements Clock {
  private currentMs: number;

  constructor(start: Date | string | number = Date.UTC(2026, 0, 15, 15, 0, 0)) {
    this.currentMs = new Date(start).getTime();
    if (Number.isNaN(this.currentMs)) throw new RangeError(`Invalid start time: ${String(start)}`);
  }

  now(): Date {
    return new Date(this.currentMs);
  }

  nowMs(): number {
    return this.currentMs;
  }

  set(to: Date | string | number): void {
    const ms = new Date(to).getTime();
    if (Number.isNaN(ms)) throw new RangeError(`Invalid time: ${String(to)}`);
    this.currentMs = ms;
  }

  advance(ms: number): void {
    this.currentMs += ms;
  }
}

/** The system clock shifted by a fixed offset: what `time-travel` installs in development. */
export class OffsetClock implements Clock {
  constructor(private offsetMs: number) {}

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }
}
