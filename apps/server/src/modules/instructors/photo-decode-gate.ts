import { DomainError } from '../../platform/errors.ts';

/**
 * Decoding a photo holds tens of megabytes per request on sharp's threads, so only a few run at
 * once; a few more wait their turn, and beyond that the upload is refused at once (429 with
 * Retry-After) instead of queueing memory without bound.
 */
export class DecodeGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly maxActive: number,
    readonly maxWaiting: number,
    private readonly retryAfterSeconds = 2,
  ) {}

  get activeCount(): number {
    return this.active;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active < this.maxActive) {
      this.active += 1;
    } else {
      if (this.waiting.length >= this.maxWaiting) {
        throw new DomainError('rate_limited', 'Too many photos are being processed right now; try again in a few seconds.', {
          retryAfterSeconds: this.retryAfterSeconds,
        });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next one waiting, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
