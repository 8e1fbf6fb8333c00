/**
 * Redis accelerates, never owns (ARCHITECTURE.md): when it errors or stops answering, each
 * coordination port switches to its in-process fallback at once instead of waiting on it, and
 * switches back by itself once a probe succeeds. One breaker per Redis connection, shared by
 * every port on it, so they fail over and recover together (and /health reports one state).
 *
 * The probe runs on a real-time interval (infrastructure, not business time: the injected
 * Clock may be frozen in tests).
 */
export type BreakerState = 'closed' | 'open';

export class CircuitBreaker {
  private open = false;
  private timer: NodeJS.Timeout | undefined;
  private probing = false;
  private readonly openListeners: Array<() => void> = [];
  private readonly closeListeners: Array<() => Promise<void> | void> = [];

  constructor(
    private readonly options: {
      /** Resolves when the primary answers again. */
      probe: () => Promise<void>;
      probeEveryMs: number;
      onChange?: (state: BreakerState, cause?: unknown) => void;
    },
  ) {}

  get state(): BreakerState {
    return this.open ? 'open' : 'closed';
  }

  /** Runs `primary` unless the breaker is open; on an outage error, opens it and runs `fallback`. */
  async run<T>(primary: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    if (this.open) return fallback();
    try {
      return await primary();
    } catch (error) {
      if (isCallerError(error)) throw error;
      this.trip(error);
      return fallback();
    }
  }

  /** Called when the breaker opens (each outage can start from fresh fallback state). */
  onOpen(listener: () => void): void {
    this.openListeners.push(listener);
  }

  /** Called when the primary is back, before traffic returns to it (to drop what went stale). */
  onClose(listener: () => Promise<void> | void): void {
    this.closeListeners.push(listener);
  }

  trip(cause?: unknown): void {
    if (this.open) return;
    this.open = true;
    for (const listener of this.openListeners) listener();
    this.options.onChange?.('open', cause);
    this.timer = setInterval(() => void this.probe(), this.options.probeEveryMs);
    this.timer.unref();
  }

  /** Tries the primary now (also called when the client reports it reconnected). */
  async probe(): Promise<void> {
    if (!this.open || this.probing) return;
    this.probing = true;
    try {
      await this.options.probe();
      for (const listener of this.closeListeners) await listener();
      this.open = false;
      clearInterval(this.timer);
      this.timer = undefined;
      this.options.onChange?.('closed');
    } catch {
      // still away: the next interval tries again
    } finally {
      this.probing = false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Errors the caller caused (a bad TTL or policy) say nothing about Redis: they propagate. */
function isCallerError(error: unknown): boolean {
  return error instanceof RangeError || error instanceof TypeError;
}
