/**
 * The only place that reads the wall clock. Everything else receives a Clock, so tests and
 * the development time-travel command can move time.
 */
export interface Clock {
  now(): Date;
  nowMs(): number;
}

/**
 * A clock development can move while the process runs (POST /api/v1/dev/clock): set it to an
 * instant, or advance it. Production's system clock is not one.
 */
export interface MovableClock extends Clock {
  set(to: Date | string | number): void;
  advance(ms: number): void;
  /** Whether it has been moved off the time it would otherwise show. */
  isMoved(): boolean;
}

export function isMovableClock(clock: Clock): clock is MovableClock {
  const candidate = clock as Partial<MovableClock>;
  return typeof candidate.set === 'function' && typeof candidate.advance === 'function' && typeof candidate.isMoved === 'function';
}

function instantOf(to: Date | string | number): number {
  const ms = new Date(to).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Invalid time: ${String(to)}`);
  return ms;
}

export const systemClock: Clock = {
  now: () => new Date(),
  nowMs: () => Date.now(),
};

/** A clock that stands still until told to move: for tests and `cli time-travel`. */
export class ControllableClock implements MovableClock {
  private currentMs: number;
  private moved = false;

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
    this.currentMs = instantOf(to);
    this.moved = true;
  }

  advance(ms: number): void {
    this.currentMs += ms;
    this.moved = true;
  }

  isMoved(): boolean {
    return this.moved;
  }
}

/**
 * The system clock shifted by an offset: what development runs on. `cli time-travel` chooses
 * the offset the next start begins with; POST /api/v1/dev/clock changes it while the process
 * runs. Time keeps flowing after a jump, as it would for real.
 */
export class OffsetClock implements MovableClock {
  constructor(
    private offsetMs: number,
    /** What is shifted: the system clock, or a test's own. */
    private readonly base: Clock = systemClock,
  ) {}

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return this.base.nowMs() + this.offsetMs;
  }

  set(to: Date | string | number): void {
    this.offsetMs = instantOf(to) - this.base.nowMs();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  isMoved(): boolean {
    return this.offsetMs !== 0;
  }

  /** How far ahead of (or, negative, behind) its base it runs. */
  get offset(): number {
    return this.offsetMs;
  }
}
