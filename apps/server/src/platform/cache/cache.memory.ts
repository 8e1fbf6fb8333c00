import type { Clock } from '../clock.ts';
import { BoundedMap } from '../bounded-map.ts';
import { assertTtl, BaseCache } from './cache.port.ts';

/**
 * An in-process cache with expiry and a size bound (least recently used goes first). Values
 * are stored serialized so callers can never mutate what another caller reads.
 */
export class MemoryCache extends BaseCache {
  readonly kind = 'memory' as const;
  private readonly entries: BoundedMap<string, { json: string; expiresAt: number }>;

  constructor(
    private readonly clock: Clock,
    maxEntries = 10_000,
  ) {
    super();
    this.entries = new BoundedMap(maxEntries);
  }

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= this.clock.nowMs()) {
      if (entry) this.entries.delete(key);
      this.count(false);
      return undefined;
    }
    this.entries.set(key, entry);
    this.count(true);
    return JSON.parse(entry.json) as T;
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    assertTtl(ttlMs);
    this.entries.set(key, { json: JSON.stringify(value), expiresAt: this.clock.nowMs() + ttlMs });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  // Atomic by construction: no await between reading the list and writing it back.
  async listPush(key: string, item: string, options: { ttlMs: number; keepLast: number }): Promise<string[]> {
    const list = [...this.readList(key), item].slice(-Math.max(1, options.keepLast));
    await this.set(key, list, options.ttlMs);
    return list;
  }

  async listRemove(key: string, item: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry) return;
    const list = this.readList(key);
    entry.json = JSON.stringify(list.filter((stored) => stored !== item));
  }

  private readList(key: string): string[] {
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= this.clock.nowMs()) return [];
    const value: unknown = JSON.parse(entry.json);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  }
}
