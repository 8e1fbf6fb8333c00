import type { RateDecision, RatePolicy } from './gcra.ts';

export interface RateLimiter {
  readonly kind: 'memory' | 'redis';
  /** Counts `cost` requests against `key` under `policy` and says whether they are allowed. */
  consume(key: string, policy: RatePolicy, cost?: number): Promise<RateDecision>;
  /** Forgets a key (after a successful login, for example). */
  reset(key: string): Promise<void>;
}
