import net from 'node:net';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControllableClock } from './clock.ts';
import { createCoordination, type Coordination } from './coordination.ts';
import { withLock, LockTimeoutError } from './lock/lock.port.ts';
import { CuttableRelay, relayedRedis } from '../../../../test/support/cuttable-relay.ts';

/**
 * One contract for the Cache, RateLimiter, Lock and PubSub ports, run against the in-memory
 * adapters always and against Redis when REDIS_URL is set (CI sets it).
 *
 * Expiry: the memory adapters expire on the injected clock; Redis expires on its own clock,
 * so `expire(ms)` advances the fake clock and, for Redis, also waits that long for real.
 */
const adapters = [
  { name: 'memory', redisUrl: undefined as string | undefined },
  ...(process.env.REDIS_URL ? [{ name: 'redis', redisUrl: process.env.REDIS_URL }] : []),
];

const nextTick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe.each(adapters)('coordination contract: $name', ({ name, redisUrl }) => {
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  let coordination: Coordination;
  let other: Coordination; // a second "process" on the same backend
  const prefix = `test:${ulid()}:`;

  const expire = async (ms: number) => {
    clock.advance(ms);
    if (name === 'redis') await new Promise((resolve) => setTimeout(resolve, ms + 20));
  };

  beforeAll(async () => {
    coordination = createCoordination({ redisUrl, clock, keyPrefix: prefix });
    other = name === 'redis' ? createCoordination({ redisUrl, clock, keyPrefix: prefix }) : coordination;
    await Promise.all([coordination.connect(), other.connect()]);
  });
  afterAll(async () => {
    await coordination.close();
    if (other !== coordination) await other.close();
  });

  it('reports its kind and answers a ping', async () => {
    expect(coordination.kind).toBe(name);
    await expect(coordination.ping()).resolves.toBeUndefined();
    expect(coordination.status()).toBe('ok');
  });

  describe('Cache', () => {
    it('stores JSON values until they expire', async () => {
      await coordination.cache.set('catalog', { categories: [{ slug: 'music' }] }, 100);
      expect(await other.cache.get('catalog')).toEqual({ categories: [{ slug: 'music' }] });
      await expire(150);
      expect(await coordination.cache.get('catalog')).toBeUndefined();
    });

    it('returns copies, never the stored object', async () => {
      const value = { n: 1 };
      await coordination.cache.set('copy', value, 10_000);
      value.n = 2;
      const read = await coordination.cache.get<{ n: number }>('copy');
      expect(read).toEqual({ n: 1 });
    });

    it('deletes', async () => {
      await coordination.cache.set('gone', 1, 10_000);
      await coordination.cache.delete('gone');
      expect(await coordination.cache.get('gone')).toBeUndefined();
    });

    it('loads once with getOrSet and counts hits and misses', async () => {
      let loads = 0;
      const load = async () => ++loads;
      const before = { ...coordination.cache.stats };
      expect(await coordination.cache.getOrSet('lazy', 10_000, load)).toBe(1);
      expect(await coordination.cache.getOrSet('lazy', 10_000, load)).toBe(1);
      expect(loads).toBe(1);
      expect(coordination.cache.stats.misses - before.misses).toBe(1);
      expect(coordination.cache.stats.hits - before.hits).toBe(1);
    });

    it('appends to a list atomically: parallel pushes each see every earlier item', async () => {
      const key = `list:${ulid()}`;
      const seen = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? other : coordination).cache.listPush(key, `item-${i}`, { ttlMs: 10_000, keepLast: 100 })),
      );
      // Atomic: the lengths are 1..40, each exactly once (a read-then-write would repeat some).
      expect(seen.map((list) => list.length).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      for (const [i, list] of seen.entries()) expect(list.at(-1)).toBe(`item-${i}`);
    });

    it('keeps the newest items of a list, removes one, expires and deletes it', async () => {
      const key = `list:${ulid()}`;
      for (const item of ['a', 'b', 'c']) await coordination.cache.listPush(key, item, { ttlMs: 10_000, keepLast: 2 });
      await other.cache.listRemove(key, 'b');
      expect(await coordination.cache.listPush(key, 'd', { ttlMs: 100, keepLast: 2 })).toEqual(['c', 'd']);
      await expire(150);
      expect(await coordination.cache.listPush(key, 'e', { ttlMs: 10_000, keepLast: 2 })).toEqual(['e']);
      await other.cache.delete(key);
      expect(await coordination.cache.listPush(key, 'f', { ttlMs: 10_000, keepLast: 2 })).toEqual(['f']);
      await coordination.cache.listRemove(`list:${ulid()}`, 'absent');
    });

    it('refuses a non-positive TTL', async () => {
      await expect(coordination.cache.set('bad', 1, 0)).rejects.toThrow(RangeError);
    });
  });

  describe('RateLimiter (GCRA)', () => {
    it('allows the burst, refuses the next with a retry time, and is shared between processes', async () => {
      const policy = { limit: 3, periodMs: 3_000 };
      const key = `login:${ulid()}`;
      const decisions = [
        await coordination.rateLimiter.consume(key, policy),
        await other.rateLimiter.consume(key, policy),
        await coordination.rateLimiter.consume(key, policy),
        await other.rateLimiter.consume(key, policy),
      ];
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
      expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
      expect(decisions[3]!.retryAfterMs).toBe(1_000);
      clock.advance(1_000);
      expect((await coordination.rateLimiter.consume(key, policy)).allowed).toBe(true);
    });

    it('counts a burst of consumes asked at once exactly: the budget, then refusals, in the order asked', async () => {
      const policy = { limit: 10, periodMs: 60_000 };
      const key = `burst:${ulid()}`;
      const decisions = await Promise.all(Array.from({ length: 25 }, (_, index) => (index % 2 ? other : coordination).rateLimiter.consume(key, policy)));
      expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
      const mine = decisions.filter((_, index) => index % 2 === 0);
      expect(mine.map((d) => d.allowed)).toEqual([...mine.map((d) => d.allowed)].sort((a, b) => Number(b) - Number(a)));
    });

    it('forgets a key on reset', async () => {
      const policy = { limit: 1, periodMs: 60_000 };
      const key = `reset:${ulid()}`;
      await coordination.rateLimiter.consume(key, policy);
      expect((await coordination.rateLimiter.consume(key, policy)).allowed).toBe(false);
      await coordination.rateLimiter.reset(key);
      expect((await coordination.rateLimiter.consume(key, policy)).allowed).toBe(true);
    });

    it('starts afresh when the clock is moved back (POST /dev/clock in development)', async () => {
      const policy = { limit: 1, periodMs: 60_000 };
      const key = `back:${ulid()}`;
      const start = clock.nowMs();
      clock.advance(3 * 86_400_000);
      await coordination.rateLimiter.consume(key, policy);
      expect((await coordination.rateLimiter.consume(key, policy)).allowed).toBe(false);
      clock.set(start);
      expect((await coordination.rateLimiter.consume(key, policy)).allowed).toBe(true);
      expect((await coordination.rateLimiter.consume(key, policy)).allowed).toBe(false);
    });
  });

  describe('Locks', () => {
    it('lets one holder in at a time, across processes', async () => {
      const key = `booking:${ulid()}:capture`;
      const lease = await coordination.locks.tryAcquire(key, 10_000);
      expect(lease).not.toBeNull();
      expect(await other.locks.tryAcquire(key, 10_000)).toBeNull();
      expect(await lease!.release()).toBe(true);
      const next = await other.locks.tryAcquire(key, 10_000);
      expect(next).not.toBeNull();
      await next!.release();
    });

    it('expires a crashed holder, and an expired lease cannot release its successor', async () => {
      const key = `job:${ulid()}`;
      const stale = await coordination.locks.tryAcquire(key, 100);
      await expire(150);
      const fresh = await other.locks.tryAcquire(key, 10_000);
      expect(fresh).not.toBeNull();
      expect(await stale!.release()).toBe(false);
      expect(await stale!.extend(10_000)).toBe(false);
      expect(await coordination.locks.tryAcquire(key, 10_000)).toBeNull();
      await fresh!.release();
    });

    it('extends a held lease', async () => {
      const key = `extend:${ulid()}`;
      const lease = await coordination.locks.tryAcquire(key, 100);
      expect(await lease!.extend(60_000)).toBe(true);
      await expire(150);
      expect(await other.locks.tryAcquire(key, 1_000)).toBeNull();
      await lease!.release();
    });

    it('withLock runs the work, releases, and times out when the lock stays taken', async () => {
      const key = `with:${ulid()}`;
      expect(await withLock(coordination.locks, key, { ttlMs: 10_000 }, async () => 'done')).toBe('done');
      const holder = await other.locks.tryAcquire(key, 10_000);
      await expect(withLock(coordination.locks, key, { ttlMs: 10_000, waitMs: 60 }, async () => 'never')).rejects.toThrow(
        LockTimeoutError,
      );
      await holder!.release();
    });
  });

  describe('PubSub', () => {
    it('delivers to every subscriber of a channel, in order, until they unsubscribe', async () => {
      const channel = `conversation:${ulid()}`;
      const first: unknown[] = [];
      const second: unknown[] = [];
      const unsubscribeFirst = await coordination.pubsub.subscribe(channel, (m) => first.push(m));
      const unsubscribeSecond = await other.pubsub.subscribe(channel, (m) => second.push(m));
      await coordination.pubsub.publish(channel, { n: 1 });
      await other.pubsub.publish(channel, { n: 2 });
      await expect.poll(() => second.length).toBe(2);
      await expect.poll(() => first.length).toBe(2);
      expect(first).toEqual([{ n: 1 }, { n: 2 }]);
      expect(second).toEqual([{ n: 1 }, { n: 2 }]);

      await unsubscribeFirst();
      await coordination.pubsub.publish(channel, { n: 3 });
      await expect.poll(() => second.length).toBe(3);
      await nextTick();
      expect(first).toHaveLength(2);
      await unsubscribeSecond();
    });

    it('does not deliver another channel’s messages', async () => {
      const received: unknown[] = [];
      const unsubscribe = await other.pubsub.subscribe(`a:${ulid()}`, (m) => received.push(m));
      await coordination.pubsub.publish(`b:${ulid()}`, 'hello');
      await nextTick();
      expect(received).toEqual([]);
      await unsubscribe();
    });
  });
});

/** Every port of a coordination, exercised once: what a request does with them. */
async function exercise(coordination: Coordination) {
  const key = ulid();
  await coordination.cache.set(`c:${key}`, { n: 1 }, 60_000);
  const cached = await coordination.cache.get(`c:${key}`);
  const policy = { limit: 1, periodMs: 60_000 };
  const limits = [await coordination.rateLimiter.consume(`r:${key}`, policy), await coordination.rateLimiter.consume(`r:${key}`, policy)];
  const lease = await coordination.locks.tryAcquire(`l:${key}`, 60_000);
  const contended = await coordination.locks.tryAcquire(`l:${key}`, 60_000);
  const released = await lease?.release();
  const received: unknown[] = [];
  const unsubscribe = await coordination.pubsub.subscribe(`p:${key}`, (m) => received.push(m));
  await coordination.pubsub.publish(`p:${key}`, 'hello');
  await expect.poll(() => received).toEqual(['hello']);
  await unsubscribe();
  return { cached, allowed: limits.map((d) => d.allowed), locked: lease !== null, contended, released };
}

const working = { cached: { n: 1 }, allowed: [true, false], locked: true, contended: null, released: true };

describe('coordination while Redis is away', () => {
  const clock = new ControllableClock('2026-11-23T15:00:00Z');

  it('answers from in-process fallbacks at once when Redis cannot be reached, and says degraded', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve())); // nothing listens there now
    const coordination = createCoordination({ redisUrl: `redis://127.0.0.1:${port}`, clock, probeEveryMs: 50 });
    try {
      await coordination.connect(200);
      expect(coordination.kind).toBe('redis');
      expect(coordination.status()).toBe('degraded');
      await expect(coordination.ping()).rejects.toThrow();
      expect(await exercise(coordination)).toEqual(working);
      await expect(coordination.cache.set('bad', 1, 0)).rejects.toThrow(RangeError);
    } finally {
      await coordination.close();
    }
  });

  describe.runIf(process.env.REDIS_URL)('when a working Redis goes away and comes back (REDIS_URL set)', () => {
    let relay: CuttableRelay;
    let coordination: Coordination;
    let direct: Coordination;
    const prefix = `test:${ulid()}:`;

    beforeAll(async () => {
      const relayed = await relayedRedis(process.env.REDIS_URL!);
      relay = relayed.relay;
      coordination = createCoordination({ redisUrl: relayed.url, clock, keyPrefix: prefix, probeEveryMs: 50 });
      direct = createCoordination({ redisUrl: process.env.REDIS_URL, clock, keyPrefix: prefix });
      await Promise.all([coordination.connect(), direct.connect()]);
    });
    afterAll(async () => {
      await coordination.close();
      await direct.close();
    });

    it('fails over to the fallbacks, then shares state through Redis again, without stale cache entries', async () => {
      expect(await exercise(coordination)).toEqual(working);
      await coordination.cache.set('profile', 'before the outage', 60_000);

      await relay.cut();
      expect(await exercise(coordination)).toEqual(working);
      expect(coordination.status()).toBe('degraded');
      await coordination.cache.set('profile', 'changed during the outage', 60_000);
      expect(await coordination.cache.get('profile')).toBe('changed during the outage');

      await relay.open();
      await expect.poll(() => coordination.status(), { timeout: 10_000 }).toBe('ok');
      // What was written during the outage lived in this process only; Redis forgot the old value rather than serve it.
      expect(await coordination.cache.get('profile')).toBeUndefined();
      expect(await direct.cache.get('profile')).toBeUndefined();
      expect(await exercise(coordination)).toEqual(working);
      const key = `shared:${ulid()}`;
      await coordination.cache.set(key, 'shared again', 60_000);
      expect(await direct.cache.get(key)).toBe('shared again');
    });

    it('says degraded as soon as health notices the outage, before any request does', async () => {
      await relay.cut();
      await expect(coordination.ping()).rejects.toThrow();
      expect(coordination.status()).toBe('degraded');
      await relay.open();
      await expect.poll(() => coordination.status(), { timeout: 10_000 }).toBe('ok');
    });

    it('keeps a subscription made during the outage once Redis is back', async () => {
      await relay.cut();
      const channel = `late:${ulid()}`;
      const received: unknown[] = [];
      const pending = coordination.pubsub.subscribe(channel, (m) => received.push(m));
      await relay.open();
      const unsubscribe = await pending;
      await expect.poll(() => coordination.status(), { timeout: 10_000 }).toBe('ok');
      await direct.pubsub.publish(channel, 'from another process');
      await expect.poll(() => received, { timeout: 5_000 }).toEqual(['from another process']);
      await unsubscribe();
    });

    it('stays unsubscribed when the unsubscription happened during the outage', async () => {
      const channel = `left:${ulid()}`;
      const received: unknown[] = [];
      const unsubscribe = await coordination.pubsub.subscribe(channel, (m) => received.push(m));
      await relay.cut();
      await coordination.cache.get('any key'); // a request notices the outage
      expect(coordination.status()).toBe('degraded');
      await unsubscribe();
      await relay.open();
      await expect.poll(() => coordination.status(), { timeout: 10_000 }).toBe('ok');
      const witness: unknown[] = [];
      const unsubscribeWitness = await coordination.pubsub.subscribe(`${channel}:witness`, (m) => witness.push(m));
      await direct.pubsub.publish(channel, 'not for you');
      await direct.pubsub.publish(`${channel}:witness`, 'delivered');
      await expect.poll(() => witness, { timeout: 5_000 }).toEqual(['delivered']);
      expect(received).toEqual([]);
      await unsubscribeWitness();
    });
  });
});
