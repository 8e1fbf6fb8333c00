/** A shared cache of JSON values with a time to live. Never the only copy of anything. */
export interface Cache {
  readonly kind: 'memory' | 'redis';
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Reads the key, or computes, stores and returns it. */
  getOrSet<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T>;
  /**
   * Appends `item` to the list at `key` and returns the list, `item` last, in one atomic step:
   * two callers at once each see the other's item or are seen by it, never neither (what a
   * read-then-write cannot promise). Keeps the newest `keepLast` items; the TTL restarts.
   * A list key is only read with listPush and listRemove, not get.
   */
  listPush(key: string, item: string, options: { ttlMs: number; keepLast: number }): Promise<string[]>;
  /** Removes every occurrence of `item` from the list at `key` (atomically; absent is fine). */
  listRemove(key: string, item: string): Promise<void>;
  /** Hits and misses since start, for the cache hit-rate metric. */
  readonly stats: { hits: number; misses: number };
}

export abstract class BaseCache implements Cache {
  abstract readonly kind: 'memory' | 'redis';
  readonly stats = { hits: 0, misses: 0 };

  abstract get<T>(key: string): Promise<T | undefined>;
  abstract set(key: string, value: unknown, ttlMs: number): Promise<void>;
  abstract delete(key: string): Promise<void>;
  abstract listPush(key: string, item: string, options: { ttlMs: number; keepLast: number }): Promise<string[]>;
  abstract listRemove(key: string, item: string): Promise<void>;

  async getOrSet<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const cached = await this.get<T>(key);
    if (cached !== undefined) return cached;
    const value = await load();
    await this.set(key, value, ttlMs);
    return value;
  }

  protected count(hit: boolean): void {
    if (hit) this.stats.hits += 1;
    else this.stats.misses += 1;
  }
}

export function assertTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new RangeError('ttlMs must be a positive integer');
}
