import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ControllableClock } from '../clock.ts';
import { MemoryPubSub } from '../pubsub/pubsub.memory.ts';
import { chooseEncoding, ResponseCache } from './response-cache.ts';

const spec = { key: 'k', tags: ['things'], ttlMs: 60_000 };

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** Two caches sharing one PubSub, as two API processes do, both listening. */
async function twoProcesses() {
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const pubsub = new MemoryPubSub();
  const here = new ResponseCache({ clock, pubsub });
  const there = new ResponseCache({ clock, pubsub });
  await here.start();
  await there.start();
  return { here, there };
}

describe('ResponseCache', () => {
  it('loads once for concurrent requests and serves the entry until its TTL passes', async () => {
    const clock = new ControllableClock('2026-11-23T15:00:00Z');
    const cache = new ResponseCache({ clock, pubsub: new MemoryPubSub() });
    let loads = 0;
    const load = async () => ({ body: JSON.stringify({ n: ++loads }) });
    const [a, b] = await Promise.all([cache.get(spec, load), cache.get(spec, load)]);
    expect(loads).toBe(1);
    expect(a).toBe(b);
    clock.advance(59_999);
    expect((await cache.get(spec, load)).identity.toString()).toBe('{"n":1}');
    clock.advance(1);
    expect((await cache.get(spec, load)).identity.toString()).toBe('{"n":2}');
  });

  it('does not keep a body loaded before an invalidation that happened while it loaded', async () => {
    const cache = new ResponseCache({ clock: new ControllableClock('2026-11-23T15:00:00Z'), pubsub: new MemoryPubSub() });
    const slow = deferred<{ body: string }>();
    const stale = cache.get(spec, () => slow.promise);
    await cache.invalidate(['things']);
    slow.resolve({ body: '"old"' });
    expect((await stale).identity.toString()).toBe('"old"');
    expect((await cache.get(spec, async () => ({ body: '"new"' }))).identity.toString()).toBe('"new"');
  });

  it('is invalidated by another instance through the PubSub, for the named tags only', async () => {
    const { here, there } = await twoProcesses();
    await here.get(spec, async () => ({ body: '"v1"' }));
    await here.get({ ...spec, key: 'other', tags: ['else'] }, async () => ({ body: '"kept"' }));
    await there.invalidate(['things']);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await here.get(spec, async () => ({ body: '"v2"' }))).identity.toString()).toBe('"v2"');
    expect((await here.get({ ...spec, key: 'other', tags: ['else'] }, async () => ({ body: '"reloaded"' }))).identity.toString()).toBe('"kept"');
    await here.close();
    await there.close();
  });

  it('tells its listeners of every invalidation, its own at once and another instance\'s through the PubSub', async () => {
    const { here, there } = await twoProcesses();
    const heard: string[][] = [];
    const stop = here.onInvalidate((tags) => heard.push([...tags]));
    void here.invalidate(['mine']);
    expect(heard).toEqual([['mine']]);
    await there.invalidate(['theirs']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard).toContainEqual(['theirs']);
    stop();
    const before = heard.length;
    await here.invalidate(['after']);
    expect(heard.length).toBe(before);
    await here.close();
    await there.close();
  });

  it('does not cache a failed load', async () => {
    const cache = new ResponseCache({ clock: new ControllableClock('2026-11-23T15:00:00Z'), pubsub: new MemoryPubSub() });
    await expect(cache.get(spec, async () => Promise.reject(new Error('not found')))).rejects.toThrow('not found');
    expect((await cache.get(spec, async () => ({ body: '"found"' }))).identity.toString()).toBe('"found"');
  });

  it('compresses bodies of 1 KB or more once, and keeps small ones plain', async () => {
    const cache = new ResponseCache({ clock: new ControllableClock('2026-11-23T15:00:00Z'), pubsub: new MemoryPubSub() });
    const big = await cache.get(spec, async () => ({ body: JSON.stringify('x'.repeat(5_000)) }));
    expect(big.br!.length).toBeLessThan(big.identity.length);
    expect(big.gzip!.length).toBeLessThan(big.identity.length);
    const small = await cache.get({ ...spec, key: 'small' }, async () => ({ body: '{}' }));
    expect(small.br).toBeNull();
    expect(small.gzip).toBeNull();
  });

  it('compresses fast when asked, and keeps what the loader put beside the body', async () => {
    const cache = new ResponseCache({ clock: new ControllableClock('2026-11-23T15:00:00Z'), pubsub: new MemoryPubSub() });
    let loads = 0;
    const load = async () => ({ body: JSON.stringify({ words: Array.from({ length: 500 }, (_, i) => `word ${i}`) }), meta: { found: ++loads } });
    const body = await cache.get({ ...spec, compression: 'fast' }, load);
    expect(zlib.brotliDecompressSync(body.br!).equals(body.identity)).toBe(true);
    expect(zlib.gunzipSync(body.gzip!).equals(body.identity)).toBe(true);
    expect(body.meta).toEqual({ found: 1 });
    expect((await cache.get({ ...spec, compression: 'fast' }, load)).meta).toEqual({ found: 1 });
  });
});

describe('chooseEncoding', () => {
  const both = { br: Buffer.from('b'), gzip: Buffer.from('g') };
  it('prefers brotli, honours q=0, and falls back to none', () => {
    expect(chooseEncoding('gzip, deflate, br', both)).toBe('br');
    expect(chooseEncoding('gzip, br;q=0', both)).toBe('gzip');
    expect(chooseEncoding('*', both)).toBe('br');
    expect(chooseEncoding('deflate', both)).toBe('identity');
    expect(chooseEncoding(undefined, both)).toBe('identity');
    expect(chooseEncoding('br', { br: null, gzip: null })).toBe('identity');
  });
});

describe.runIf(process.env.REDIS_URL)('ResponseCache across processes on Redis', () => {
  it('an invalidation published by one Redis connection clears the entry held behind another', async () => {
    const { createCoordination } = await import('../coordination.ts');
    const clock = new ControllableClock('2026-11-23T15:00:00Z');
    const keyPrefix = `test:response-cache:${process.pid}:${Math.random().toString(36).slice(2)}:`;
    const a = createCoordination({ redisUrl: process.env.REDIS_URL, clock, keyPrefix });
    const b = createCoordination({ redisUrl: process.env.REDIS_URL, clock, keyPrefix });
    const here = new ResponseCache({ clock, pubsub: a.pubsub });
    const there = new ResponseCache({ clock, pubsub: b.pubsub });
    try {
      // As each process does at start: until Redis answers, fan-out stays in the process.
      await Promise.all([a.connect(), b.connect()]);
      await here.start();
      await there.start();
      await here.get(spec, async () => ({ body: '"v1"' }));
      await there.invalidate(['things']);
      // Delivery over Redis is asynchronous: wait for it rather than for a fixed time.
      await expect.poll(async () => (await here.get(spec, async () => ({ body: '"v2"' }))).identity.toString()).toBe('"v2"');
    } finally {
      await here.close();
      await there.close();
      await a.close();
      await b.close();
    }
  });
});
