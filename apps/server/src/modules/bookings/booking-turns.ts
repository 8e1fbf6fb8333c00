import { MAX_BOOKING_BUFFER_MINUTES } from '../availability/availability.policy.ts';
import { DomainError } from '../../platform/errors.ts';
import { slotTaken } from './booking-errors.ts';

const MINUTE_MS = 60_000;
/** Two lessons of one instructor this far apart can never meet, whatever the buffer. */
const REACH_MS = MAX_BOOKING_BUFFER_MINUTES * MINUTE_MS;

/** A lesson's time, UTC milliseconds, half-open. */
export interface LessonTime {
  start: number;
  end: number;
}

/** What a finished turn holds: the lesson's time and the buffer after it (as the database's exclusion constraint widens it). */
export interface HeldTime extends LessonTime {
  bufferMinutes: number;
}

interface Claim extends LessonTime {
  held: HeldTime | null;
  /** The database answered `slot_taken` for this time: any time containing it is not free either. */
  refused: boolean;
  finished: boolean;
  settled: Promise<void>;
}

interface Line {
  claims: Set<Claim>;
  /** Requests in line or at work: the line (with what it remembers) goes when the last leaves, or lingers after a burst. */
  people: number;
  /** The most requests it held at once: a real burst (at least BURST_PEOPLE) lingers. */
  peak: number;
  /** When its last request left (ms, `now()`), if it lingers. */
  idleSince: number | null;
}

/** A line that held this many requests at once is a burst; fewer (one person booking, a test's steps) never lingers. */
const BURST_PEOPLE = 4;

/**
 * Booking requests of this process for times of one instructor that could meet take turns
 * (issue 11's race: 200 students asking for one time at once). The first does the whole
 * booking — checks, card, transaction — while the others wait; once it holds the time, each
 * of them is answered `slot_taken` from here, without a query or a provider call. If it
 * fails (a declined card, a refusal), the next in line tries in its place — unless the database
 * refused the time itself as taken: then the rest of the line for that time (or a time
 * containing it) is answered `slot_taken` the same way (the burst that came after the winner
 * of another process, or after a lesson booked a moment before).
 *
 * The database stays the judge: its exclusion constraints decide between processes, and a
 * request that passes here still meets them. What this remembers only repeats what the
 * database answered during the burst. A line is forgotten when its last request leaves —
 * unless it was a burst and `lingerMs` is set: a burst's requests do not all arrive while one
 * of them is in line (each first pays its HTTP, authentication and rate limit), and without
 * lingering each gap restarted the line with a full check (25 of 200 in the bench's race).
 * A lingering line is forgotten after `lingerMs`, at its next request, or at once by
 * `forgetIdle()`, which the module calls whenever anyone's free time changes (a booking
 * cancelled or moved, availability edited: here, or in another process through PubSub), so a
 * time given back is not refused from memory. Only a change nobody announced (plain SQL) or a
 * lost PubSub message can leave a lingering answer stale, for at most `lingerMs`, and only
 * ever as a refusal: a request let through still meets the database.
 * Requests for times that cannot meet (further apart than the largest buffer) never wait.
 */
export class BookingTurns {
  private readonly lines = new Map<string, Line>();

  constructor(
    private readonly options: {
      /** How long a burst's line is remembered after its last request left (0: not at all). */
      lingerMs?: number;
      /** Monotonic milliseconds (performance.now by default; tests move their own). */
      now?: () => number;
    } = {},
  ) {}

  /** Forgets every line nobody is in: someone's free time changed. */
  forgetIdle(): void {
    for (const [instructorId, line] of this.lines) if (line.people === 0) this.lines.delete(instructorId);
  }

  /**
   * Runs `work` once no claim that could meet `wanted` is in progress here; refuses with
   * `slot_taken` when one that finished holds a time that meets it. `work` answers the time
   * it now holds (null when it holds none: the hold ended at once), and may say so earlier
   * through `holding`.
   */
  async take<T>(
    instructorId: string,
    wanted: LessonTime,
    work: (holding: (held: HeldTime) => void) => Promise<{ result: T; held: HeldTime | null }>,
  ): Promise<T> {
    const line = this.lineOf(instructorId);
    line.people++;
    line.peak = Math.max(line.peak, line.people);
    try {
      const { claim, finish } = await this.claimTurn(line, wanted);
      try {
        // `holding`: the work holds this time for good (its booking committed) and has only its
        // answer left to write: the line is answered from now, not once that is done.
        const holding = (held: HeldTime) => {
          if (claim.finished) return;
          claim.held = held;
          claim.finished = true;
          finish();
        };
        const { result, held } = await work(holding);
        claim.held = held;
        if (!held) line.claims.delete(claim);
        return result;
      } catch (error) {
        if (isSlotTaken(error)) claim.refused = true;
        else line.claims.delete(claim);
        throw error;
      } finally {
        claim.finished = true;
        finish();
      }
    } finally {
      if (--line.people === 0) this.leave(instructorId, line);
    }
  }

  /** The instructor's line: the one in use, or a lingering one still fresh, or a new one. */
  private lineOf(instructorId: string): Line {
    const line = this.lines.get(instructorId);
    if (line && (line.idleSince === null || this.now() - line.idleSince < (this.options.lingerMs ?? 0))) {
      line.idleSince = null;
      return line;
    }
    const fresh: Line = { claims: new Set<Claim>(), people: 0, peak: 0, idleSince: null };
    this.lines.set(instructorId, fresh);
    return fresh;
  }

  /** Its last request left: a burst's line lingers (if it remembers anything), any other goes. */
  private leave(instructorId: string, line: Line): void {
    const lingerMs = this.options.lingerMs ?? 0;
    const remembers = [...line.claims].some((claim) => claim.held || claim.refused);
    if (lingerMs <= 0 || line.peak < BURST_PEOPLE || !remembers) {
      this.lines.delete(instructorId);
      return;
    }
    line.idleSince = this.now();
    // Gone after lingerMs even if nobody asks again (timers do not keep the process alive).
    setTimeout(() => {
      if (this.lines.get(instructorId) === line && line.people === 0) this.lines.delete(instructorId);
    }, lingerMs).unref();
  }

  private now(): number {
    return (this.options.now ?? performance.now.bind(performance))();
  }

  /**
   * Waits until no claim near `wanted` is in progress, then claims it in the same tick as that
   * check: of several waking at once, the first claims and the others wait again for it.
   */
  private async claimTurn(line: Line, wanted: LessonTime): Promise<{ claim: Claim; finish: () => void }> {
    for (;;) {
      const near = [...line.claims].filter((claim) => claim.start < wanted.end + REACH_MS && wanted.start < claim.end + REACH_MS);
      if (near.some((claim) => (claim.held && meets(claim.held, wanted)) || (claim.refused && contains(wanted, claim)))) throw slotTaken();
      const inProgress = near.filter((claim) => !claim.finished);
      if (inProgress.length === 0) {
        let finish!: () => void;
        const claim: Claim = { ...wanted, held: null, refused: false, finished: false, settled: new Promise<void>((resolve) => (finish = resolve)) };
        line.claims.add(claim);
        return { claim, finish };
      }
      await Promise.all(inProgress.map((claim) => claim.settled));
    }
  }

  /** Instructors with requests in line (for tests: nothing is kept once they are answered). */
  get busyInstructors(): number {
    return [...this.lines.values()].filter((line) => line.people > 0).length;
  }

  /** Instructors whose line is remembered, busy or lingering. */
  get rememberedInstructors(): number {
    return this.lines.size;
  }
}

/**
 * Whether a lesson at `wanted` would meet a held one, as the exclusion constraint sees it:
 * each lesson's time widened after its end by the buffer (the held lesson's: the same instructor's).
 */
function meets(held: HeldTime, wanted: LessonTime): boolean {
  const buffer = held.bufferMinutes * MINUTE_MS;
  return wanted.start < held.end + buffer && held.start < wanted.end + buffer;
}

/**
 * Whether `outer` contains `inner`. A time refused as taken (it meets a booking with its buffer, or
 * leaves the instructor's free time) makes every time containing it taken too, for the same reason.
 */
function contains(outer: LessonTime, inner: LessonTime): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

function isSlotTaken(error: unknown): boolean {
  return error instanceof DomainError && error.details['code'] === 'slot_taken';
}
