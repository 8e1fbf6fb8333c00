import type { Redis } from 'ioredis';
import { newLockToken, type LockLease, type Locks } from './lock.port.ts';

// Only the holder's token may release or extend (a lease that expired must not free its successor's lock).
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;

export class RedisLocks implements Locks {
  readonly kind = 'redis' as const;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async tryAcquire(key: string, ttlMs: number): Promise<LockLease | null> {
    const redisKey = `${this.prefix}lock:${key}`;
    const token = newLockToken();
    const ok = await this.redis.set(redisKey, token, 'PX', ttlMs, 'NX');
    if (ok !== 'OK') return null;
    return {
      key,
      token,
      release: async () => (await this.redis.eval(RELEASE, 1, redisKey, token)) === 1,
      extend: async (extendMs: number) => (await this.redis.eval(EXTEND, 1, redisKey, token, extendMs)) === 1,
    };
  }
}
