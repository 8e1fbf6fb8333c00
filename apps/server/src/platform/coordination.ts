import { Redis } from 'ioredis';
import { FallbackCache } from './cache/cache.fallback.ts';
import { MemoryCache } from './cache/cache.memory.ts';
import type { Cache } from './cache/cache.port.ts';
import { RedisCache } from './cache/cache.redis.ts';
import { CircuitBreaker, type BreakerState } from './circuit-breaker.ts';
import type { Clock } from './clock.ts';
import { FallbackLocks } from './lock/lock.fallback.ts';
import { MemoryLocks } from './lock/lock.memory.ts';
import type { Locks } from './lock/lock.port.ts';
import { RedisLocks } from './lock/lock.redis.ts';
import { FallbackPubSub } from './pubsub/pubsub.fallback.ts';
import { MemoryPubSub } from './pubsub/pubsub.memory.ts';
import type { PubSub } from './pubsub/pubsub.port.ts';
import { RedisPubSub } from './pubsub/pubsub.redis.ts';
import { FallbackRateLimiter } from './rate-limit/rate-limiter.fallback.ts';
import { MemoryRateLimiter } from './rate-limit/rate-limiter.memory.ts';
import type { RateLimiter } from './rate-limit/rate-limiter.port.ts';
import { RedisRateLimiter } from './rate-limit/rate-limiter.redis.ts';

/**
 * Cache, rate limits, locks and fan-out: Redis when REDIS_URL is set (shared by every
 * process), in-memory otherwise (one process). Chosen here and nowhere else.
 *
 * Redis accelerates, never owns: while it is away every port answers at once from its
 * in-process fallback (circuit-breaker.ts) and `status()` says degraded; it switches back by
 * itself when Redis answers again.
 */
export interface Coordination {
  readonly kind: 'memory' | 'redis';
  cache: Cache;
  rateLimiter: RateLimiter;
  locks: Locks;
  pubsub: PubSub;
  /** Round trip to Redis (or nothing in memory); rejects at once when Redis cannot answer. */
  ping(): Promise<void>;
  /** `degraded` while Redis is away and the in-process fallbacks answer. */
  status(): 'ok' | 'degraded';
  /** Waits up to `timeoutMs` for the first connection to Redis; starts degraded (and recovers later) if there is none. */
  connect(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface CoordinationOptions {
  redisUrl?: string;
  clock: Clock;
  keyPrefix?: string;
  /** How long one Redis command may take before the fallbacks take over (ms). */
  commandTimeoutMs?: number;
  /** How often to try Redis again while it is away (ms, real time). */
  probeEveryMs?: number;
  onStateChange?: (state: BreakerState, cause?: unknown) => void;
}

export function createCoordination(options: CoordinationOptions): Coordination {
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
      status: () => 'ok',
      connect: async () => {},
      close: () => pubsub.close(),
    };
  }
  const prefix = options.keyPrefix ?? 'instainstru:';
  const redis = new Redis(options.redisUrl, {
    lazyConnect: false,
    // Never queue or retry a command while Redis is away: fail at once so the fallback answers.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 300,
    connectTimeout: 1_000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
    // Commands issued in the same tick (a burst of requests, each consuming its rate limit) go
    // out in one write: socket writes are a large share of a short request's CPU.
    enableAutoPipelining: true,
  });
  // Connection errors surface on the commands that fail (and open the breaker); the client reconnects.
  redis.on('error', () => {});
  const redisPubSub = new RedisPubSub(redis, prefix);
  const breaker = new CircuitBreaker({
    // Back only when both connections are: commands, and the one that listens for fan-out.
    probe: async () => {
      if (redisPubSub.subscriber.status !== 'ready') throw new Error('Redis subscriber connection not ready');
      await redis.ping();
    },
    probeEveryMs: options.probeEveryMs ?? 1_000,
    onChange: options.onStateChange,
  });
  for (const connection of [redis, redisPubSub.subscriber]) connection.on('ready', () => void breaker.probe());
  const pubsub = new FallbackPubSub(redisPubSub, breaker);
  return {
    kind: 'redis',
    cache: new FallbackCache(new RedisCache(redis, prefix), breaker, clock),
    rateLimiter: new FallbackRateLimiter(new RedisRateLimiter(redis, clock, prefix), breaker, clock),
    locks: new FallbackLocks(new RedisLocks(redis, prefix), breaker, clock),
    pubsub,
    // A failed ping (health) is an outage noticed too: the ports stop trying Redis until a probe succeeds.
    ping: async () => {
      await redis.ping().catch((error: unknown) => {
        breaker.trip(error);
        throw error;
      });
    },
    status: () => (breaker.state === 'open' ? 'degraded' : 'ok'),
    connect: async (timeoutMs = 2_000) => {
      const connections = [redis, redisPubSub.subscriber];
      await Promise.all(connections.map((connection) => whenReady(connection, timeoutMs)));
      if (connections.some((connection) => connection.status !== 'ready')) {
        breaker.trip(new Error(`Redis not reachable within ${timeoutMs} ms`));
      }
    },
    close: async () => {
      breaker.stop();
      await pubsub.close();
      redis.disconnect();
    },
  };
}

/** Resolves when the client is connected or after `timeoutMs`, whichever comes first. */
function whenReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    client.once('ready', done);
  });
}
