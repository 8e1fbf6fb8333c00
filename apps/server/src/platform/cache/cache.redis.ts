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
    await this.redis.del(`${this.prefix}cache:${key}`, `${this.prefix}list:${key}`);
  }

  // MULTI/EXEC: no other client's command runs between the push and the read.
  async listPush(key: string, item: string, options: { ttlMs: number; keepLast: number }): Promise<string[]> {
    assertTtl(options.ttlMs);
    const name = `${this.prefix}list:${key}`;
    const results = await this.redis
      .multi()
      .rpush(name, item)
      .ltrim(name, -Math.max(1, options.keepLast), -1)
      .pexpire(name, options.ttlMs)
      .lrange(name, 0, -1)
      .exec();
    const [error, list] = results?.[3] ?? [new Error('the list push was not executed'), null];
    if (error) throw error;
    return list as string[];
  }

  async listRemove(key: string, item: string): Promise<void> {
    await this.redis.lrem(`${this.prefix}list:${key}`, 0, item);
  }
}
