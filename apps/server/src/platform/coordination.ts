import { Redis } from 'ioredis';
import { MemoryCache } from './cache/cache.memory.ts';
import type { Cache } from './cache/cache.port.ts';
import { RedisCache } from './cache/cache.redis.ts';
import type { Clock } from './clock.ts';
import { MemoryLocks } from './lock/lock.memory.ts';
import type { Locks } from './lock/lock.port.ts';
import { RedisLocks } from './lock/lock.redis.ts';
import { MemoryPubSub } from './pubsub/pubsub.memory.ts';
import type { PubSub } from './pubsub/pubsub.port.ts';
import { RedisPubSub } from './pubsub/pubsub.redis.ts';
import { MemoryRateLimiter } from './rate-limit/rate-limiter.memory.ts';
import type { RateLimiter } from './rate-limit/rate-limiter.port.ts';
import { RedisRateLimiter } from './rate-limit/rate-limiter.redis.ts';

/**
 * Cache, rate limits, locks and fan-out: Redis when REDIS_URL is set (shared by every
 * process), in-memory otherwise (one process). Chosen here and nowhere else.
 */
export interface Coordination {
  readonly kind: 'memory' | 'redis';
  cache: Cache;
  rateLimiter: RateLimiter;
  locks: Locks;
  pubsub: PubSub;
  /** Round trip to Redis (or nothing in memory); rejects when Redis cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createCoordination(options: { redisUrl?: string; clock: Clock; keyPrefix?: string }): Coordination {
  const { clock } = options;
  if (!options.redisUrl) {
    const pubsub = new MemoryPubSub();
    return {
      kind: 'memory',
      cache: new MemoryCache(clock),
      rateLimiter: new MemoryRateLimiter(clock),
      locks: new MemoryLocks(clock),
      pubsub,
      ping: async () => {},
      close: () => pubsub.close(),
    };
  }
  const prefix = options.keyPrefix ?? 'instainstru:';
  const redis = new Redis(options.redisUrl, {
    lazyConnect: false,
    maxRetriesPerRequest: 2,
    connectTimeout: 5_000,
    enableOfflineQueue: true,
  });
  // Connection errors surface on the commands that fail and in /health; the client reconnects.
  redis.on('error', () => {});
  const pubsub = new RedisPubSub(redis, prefix);
  return {
    kind: 'redis',
    cache: new RedisCache(redis, prefix),
    rateLimiter: new RedisRateLimiter(redis, clock, prefix),
    locks: new RedisLocks(redis, prefix),
    pubsub,
    ping: async () => {
      await redis.ping();
    },
    close: async () => {
      await pubsub.close();
      redis.disconnect();
    },
  };
}
