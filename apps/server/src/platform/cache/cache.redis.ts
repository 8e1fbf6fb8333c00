import type { Redis } from 'ioredis';
import { assertTtl, BaseCache } from './cache.port.ts';

export class RedisCache extends BaseCache {
  readonly kind = 'redis' as const;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    super();
  }

  async get<T>(key: string): Promise<T | undefined> {
    const json = await this.redis.get(`${this.prefix}cache:${key}`);
    this.count(json !== null);
    return json === null ? undefined : (JSON.parse(json) as T);
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    assertTtl(ttlMs);
    await this.redis.set(`${this.prefix}cache:${key}`, JSON.stringify(value), 'PX', ttlMs);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}cache:${key}`);
  }
}
