import type { CircuitBreaker } from '../circuit-breaker.ts';
import type { Clock } from '../clock.ts';
import { BaseCache, type Cache } from './cache.port.ts';
import { MemoryCache } from './cache.memory.ts';

// Beyond this many keys touched during one outage, the oldest are no longer invalidated on recovery (their TTLs still apply).
const MAX_TOUCHED = 10_000;

/**
 * The shared cache while Redis answers, an in-process one while it does not. Keys written or
 * deleted during an outage are deleted from Redis when it returns, so a value changed
 * meanwhile never comes back stale from Redis.
 */
export class FallbackCache extends BaseCache {
  readonly kind = 'redis' as const;
  private fallback: MemoryCache;
  private readonly touched = new Set<string>();

  constructor(
    private readonly primary: Cache,
    private readonly breaker: CircuitBreaker,
    private readonly clock: Clock,
  ) {
    super();
    this.fallback = new MemoryCache(clock);
    breaker.onOpen(() => {
      this.fallback = new MemoryCache(this.clock);
    });
    breaker.onClose(() => this.invalidateTouched());
  }

  async get<T>(key: string): Promise<T | undefined> {
    const value = await this.breaker.run(
      () => this.primary.get<T>(key),
      () => this.fallback.get<T>(key),
    );
    this.count(value !== undefined);
    return value;
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    await this.breaker.run(
      () => this.primary.set(key, value, ttlMs),
      async () => {
        this.touch(key);
        await this.fallback.set(key, value, ttlMs);
      },
    );
  }

  async delete(key: string): Promise<void> {
    await this.breaker.run(
      () => this.primary.delete(key),
      async () => {
        this.touch(key);
        await this.fallback.delete(key);
      },
    );
  }

  async listPush(key: string, item: string, options: { ttlMs: number; keepLast: number }): Promise<string[]> {
    return this.breaker.run(
      () => this.primary.listPush(key, item, options),
      async () => {
        this.touch(key);
        return this.fallback.listPush(key, item, options);
      },
    );
  }

  async listRemove(key: string, item: string): Promise<void> {
    await this.breaker.run(
      () => this.primary.listRemove(key, item),
      async () => {
        this.touch(key);
        await this.fallback.listRemove(key, item);
      },
    );
  }

  private touch(key: string): void {
    this.touched.delete(key);
    this.touched.add(key);
    if (this.touched.size > MAX_TOUCHED) this.touched.delete(this.touched.values().next().value as string);
  }

  /** Throws while Redis still fails, which keeps the breaker open. */
  private async invalidateTouched(): Promise<void> {
    // Until empty: keys written meanwhile (requests still use the fallback until this finishes) are invalidated too.
    for (let key = first(this.touched); key !== undefined; key = first(this.touched)) {
      await this.primary.delete(key);
      this.touched.delete(key);
    }
  }
}

const first = (keys: Set<string>): string | undefined => keys.values().next().value;
