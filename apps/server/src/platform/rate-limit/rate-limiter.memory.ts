import type { Clock } from '../clock.ts';
import { gcra, type RateDecision, type RatePolicy } from './gcra.ts';
import type { RateLimiter } from './rate-limiter.port.ts';

/** One process's rate limits; used when no Redis is configured. */
export class MemoryRateLimiter implements RateLimiter {
  readonly kind = 'memory' as const;
  private readonly tats = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  async consume(key: string, policy: RatePolicy, cost = 1): Promise<RateDecision> {
    const now = this.clock.nowMs();
    const stored = this.tats.get(key);
    const step = gcra(stored !== undefined && stored > now ? stored : null, now, policy, cost);
    if (step.newTatMs !== null) this.tats.set(key, step.newTatMs);
    if (this.tats.size > 100_000) this.evictExpired(now);
    return step.decision;
  }

  async reset(key: string): Promise<void> {
    this.tats.delete(key);
  }

  private evictExpired(now: number): void {
    for (const [key, tat] of this.tats) if (tat <= now) this.tats.delete(key);
  }
}
