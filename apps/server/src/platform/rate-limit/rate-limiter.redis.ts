import type { Redis } from 'ioredis';
import type { Clock } from '../clock.ts';
import { validatePolicy, type RateDecision, type RatePolicy } from './gcra.ts';
import type { RateLimiter } from './rate-limiter.port.ts';

/**
 * The same algorithm as gcra.ts, run atomically inside Redis so every process shares one
 * budget per key. `now` comes from the application clock (hosts are NTP-synchronised), which
 * keeps it testable with a controllable clock.
 */
const GCRA_SCRIPT = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local tolerance = tonumber(ARGV[3])
local cost = tonumber(ARGV[4])
local stored = redis.call('GET', key)
local tat = now
-- Further ahead than a full burst: the clock was moved back (see gcra.ts); start afresh.
if stored and tonumber(stored) <= now + tolerance then
  tat = math.max(tonumber(stored), now)
end
local new_tat = tat + interval * cost
local allow_at = new_tat - tolerance
if now < allow_at then
  return {0, 0, tostring(math.ceil(allow_at - now)), tostring(math.ceil(tat - now))}
end
local ttl = math.ceil(new_tat - now)
redis.call('SET', key, tostring(new_tat), 'PX', math.max(ttl, 1))
local remaining = math.floor((tolerance - (new_tat - now)) / interval + 1e-9)
if remaining < 0 then remaining = 0 end
return {1, remaining, '0', tostring(ttl)}
`;

/** The script as a command of the client: sent once, then called by its SHA (EVALSHA; ioredis loads it again after a Redis restart). */
type GcraClient = Redis & { instainstruGcra(key: string, now: number, interval: number, tolerance: number, cost: number): Promise<[number, number, string, string]> };

export class RedisRateLimiter implements RateLimiter {
  readonly kind = 'redis' as const;
  private readonly redis: GcraClient;

  constructor(
    redis: Redis,
    private readonly clock: Clock,
    private readonly prefix: string,
  ) {
    // Every rate-limited request runs the script: by SHA it is ~60 bytes on the wire, not ~1 KB.
    redis.defineCommand('instainstruGcra', { numberOfKeys: 1, lua: GCRA_SCRIPT });
    this.redis = redis as GcraClient;
  }

  async consume(key: string, policy: RatePolicy, cost = 1): Promise<RateDecision> {
    validatePolicy(policy);
    const burst = policy.burst ?? policy.limit;
    const interval = policy.periodMs / policy.limit;
    const [allowed, remaining, retryAfter, resetAfter] = await this.redis.instainstruGcra(`${this.prefix}rl:${key}`, this.clock.nowMs(), interval, interval * burst, cost);
    return {
      allowed: allowed === 1,
      limit: burst,
      remaining,
      retryAfterMs: Number(retryAfter),
      resetAfterMs: Number(resetAfter),
    };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}rl:${key}`);
  }
}
