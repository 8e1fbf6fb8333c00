/**
 * At most `limit` holders at once, and no waiting line: a caller that finds every slot taken is
 * told so at once and does something cheaper instead (the LLM search parser falls back to the
 * fast parse rather than make a search wait behind other searches' model calls).
 */
export class Semaphore {
  private held = 0;

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  }

  get inUse(): number {
    return this.held;
  }

  /** A release function (safe to call twice), or null when all slots are taken. */
  tryAcquire(): (() => void) | null {
    if (this.held >= this.limit) return null;
    this.held += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held -= 1;
    };
  }
}
