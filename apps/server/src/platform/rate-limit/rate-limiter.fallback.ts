import type { CircuitBreaker } from '../circuit-breaker.ts';
import type { Clock } from '../clock.ts';
import type { RateDecision, RatePolicy } from './gcra.ts';
import { MemoryRateLimiter } from './rate-limiter.memory.ts';
import type { RateLimiter } from './rate-limiter.port.ts';

/**
 * Shared budgets while Redis answers; this process's own budgets while it does not (each
 * outage starts afresh), so requests are still limited and never wait on Redis.
 */
export class FallbackRateLimiter implements RateLimiter {
  readonly kind = 'redis' as const;
  private fallback: MemoryRateLimiter;

  constructor(
    private readonly primary: RateLimiter,
    private readonly breaker: CircuitBreaker,
    private readonly clock: Clock,
  ) {
    this.fallback = new MemoryRateLimiter(clock);
    breaker.onOpen(() => {
      this.fallback = new MemoryRateLimiter(this.clock);
    });
  }

  consume(key: string, policy: RatePolicy, cost?: number): Promise<RateDecision> {
    return this.breaker.run(
      () => this.primary.consume(key, policy, cost),
      () => this.fallback.consume(key, policy, cost),
    );
  }

  reset(key: string): Promise<void> {
    return this.breaker.run(
      () => this.primary.reset(key),
      () => this.fallback.reset(key),
    );
  }
}
