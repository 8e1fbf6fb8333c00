import type { CircuitBreaker } from '../circuit-breaker.ts';
import type { Clock } from '../clock.ts';
import { MemoryLocks } from './lock.memory.ts';
import type { LockLease, Locks } from './lock.port.ts';

/**
 * Locks shared between processes while Redis answers; this process's own while it does not.
 * That is enough because the database row lock stays the source of truth (lock.port.ts). A
 * Redis lease that cannot be released or extended during an outage answers false: it expires
 * by itself.
 */
export class FallbackLocks implements Locks {
  readonly kind = 'redis' as const;
  private fallback: MemoryLocks;

  constructor(
    private readonly primary: Locks,
    private readonly breaker: CircuitBreaker,
    private readonly clock: Clock,
  ) {
    this.fallback = new MemoryLocks(clock);
    breaker.onOpen(() => {
      this.fallback = new MemoryLocks(this.clock);
    });
  }

  async tryAcquire(key: string, ttlMs: number): Promise<LockLease | null> {
    const fallback = this.fallback;
    let fromPrimary = false;
    const lease = await this.breaker.run(
      async () => {
        const acquired = await this.primary.tryAcquire(key, ttlMs);
        fromPrimary = true;
        return acquired;
      },
      () => fallback.tryAcquire(key, ttlMs),
    );
    if (!lease || !fromPrimary) return lease;
    return {
      key: lease.key,
      token: lease.token,
      release: () => this.breaker.run(() => lease.release(), async () => false),
      extend: (extendMs: number) => this.breaker.run(() => lease.extend(extendMs), async () => false),
    };
  }
}
