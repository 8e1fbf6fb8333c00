import { ulid } from 'ulid';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Cache } from '../../platform/cache/cache.port.ts';
import { ControllableClock } from '../../platform/clock.ts';
import { createCoordination, type Coordination } from '../../platform/coordination.ts';
import { LOGIN_PROTECTION } from './login-protection.policy.ts';
import { LoginProtection, type LoginAttempt } from './login-protection.service.ts';

const MINUTE = 60_000;
const SECRET = 'test-secret-for-login-protection-keys';

let clock: ControllableClock;
let coordination: Coordination;
let protection: LoginProtection;
let keysWritten: string[];

/** The coordination's cache, noting every key written. */
function recordingCache(cache: Cache): Cache {
  return new Proxy(cache, {
    get(target, property, receiver) {
      if (property === 'listPush') {
        return (key: string, item: string, options: { ttlMs: number; keepLast: number }) => {
          keysWritten.push(key);
          return target.listPush(key, item, options);
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const protectionOn = (cache: Cache, captchaAvailable = true) => new LoginProtection({ cache, clock, secret: SECRET, captchaAvailable });

beforeEach(() => {
  clock = new ControllableClock('2026-11-23T15:00:00Z');
  coordination = createCoordination({ clock });
  keysWritten = [];
  protection = protectionOn(recordingCache(coordination.cache));
});

const jane = { email: 'jane@example.com', ip: '203.0.113.5' };
const fresh = { captchaRequired: false, delayMs: 0, lockedForMs: 0, because: null };

async function fail(attempt: LoginAttempt, times: number, by = protection) {
  for (let i = 0; i < times; i++) await (await by.reserve(attempt)).fail();
}
/** How the next attempt would be judged, without counting it. */
async function assess(attempt: LoginAttempt, by = protection) {
  const ticket = await by.reserve(attempt);
  await ticket.release();
  return ticket.assessment;
}

describe('LoginProtection', () => {
  it('asks nothing of a first attempt', async () => {
    expect(await assess(jane)).toEqual(fresh);
  });

  it('never forgets an attempt in flight, however large a refused flood arrives meanwhile', async () => {
    const noCaptcha = protectionOn(coordination.cache, false);
    const attempt = (i: number) => ({ email: 'jane@example.com', ip: `198.51.100.${i + 1}` });
    // Five passwords being checked (slow hashes), not yet answered.
    const inFlight = [];
    for (let i = 0; i < LOGIN_PROTECTION.account.slowDownFromFailures; i++) inFlight.push(await noCaptcha.reserve(attempt(i)));
    expect(inFlight.every((ticket) => ticket.assessment.delayMs === 0)).toBe(true);
    // A flood arrives at once: each is refused and gives its entry back.
    const flood = await Promise.all(Array.from({ length: 60 }, (_, i) => noCaptcha.reserve(attempt(100 + i))));
    expect(flood.every((ticket) => ticket.assessment.delayMs > 0)).toBe(true);
    await Promise.all(flood.map((ticket) => ticket.release()));
    // The five in flight still count: the next attempt must wait (trimming the list dropped them once).
    expect((await assess(attempt(200), noCaptcha)).delayMs).toBeGreaterThan(0);
  });

  it('requires a CAPTCHA after three failures for an account, from any address', async () => {
    await fail(jane, 2);
    expect((await assess(jane)).captchaRequired).toBe(false);
    await fail({ ...jane, ip: '198.51.100.9' }, 1);
    expect(await assess({ ...jane, ip: '192.0.2.1' })).toEqual({ captchaRequired: true, delayMs: 0, lockedForMs: 0, because: 'account' });
  });

  it('treats the email case- and space-insensitively', async () => {
    await fail({ ...jane, email: 'Jane@Example.COM' }, 2);
    await fail({ ...jane, email: '  jane@example.com ' }, 1);
    expect((await assess({ ...jane, ip: '192.0.2.1' })).captchaRequired).toBe(true);
  });

  it('requires a CAPTCHA after three failures from an address, whatever the emails (registered or not)', async () => {
    for (const email of ['a@example.com', 'b@example.com', 'nobody-has-this@example.com']) await fail({ email, ip: '198.51.100.7' }, 1);
    expect(await assess({ email: 'd@example.com', ip: '198.51.100.7' })).toMatchObject({ captchaRequired: true, because: 'address' });
    expect(await assess({ email: 'd@example.com', ip: '198.51.100.8' })).toEqual(fresh);
  });

  it('counts an IPv6 address by its /64', async () => {
    for (let i = 1; i <= 3; i++) await fail({ email: `u${i}@example.com`, ip: `2001:db8:5:6::${i}` }, 1);
    expect((await assess({ email: 'v@example.com', ip: '2001:db8:5:6:ffff::1' })).captchaRequired).toBe(true);
  });

  it('slows down from the fifth failure, doubling, and locks the account for 15 minutes at the tenth, saying so at the tenth', async () => {
    const delays: number[] = [];
    const lockedAfter: number[] = [];
    for (let i = 0; i < 10; i++) {
      lockedAfter.push((await (await protection.reserve(jane)).fail()).lockedForMs);
      delays.push((await assess(jane)).delayMs);
      clock.advance(1_000);
    }
    expect(delays).toEqual([0, 0, 0, 0, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000]);
    expect(lockedAfter).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 15 * MINUTE]);
    // The wait runs from the latest failure: one second later, 29 s remain.
    expect(await assess(jane)).toEqual({ captchaRequired: true, delayMs: 29_000, lockedForMs: 15 * MINUTE - 1_000, because: 'account' });
    // The lock holds for the account from anywhere, and ends 15 minutes after the tenth failure.
    clock.advance(10 * MINUTE);
    expect((await assess({ ...jane, ip: '192.0.2.44' })).lockedForMs).toBe(5 * MINUTE - 1_000);
    clock.advance(5 * MINUTE - 1_000);
    expect((await assess(jane)).lockedForMs).toBe(0);
  });

  it('slows an address down only from 20 failures and locks it at 50, for every email tried from it', async () => {
    const ip = '198.51.100.66';
    for (let i = 0; i < 19; i++) await fail({ email: `victim${i}@example.com`, ip }, 1);
    expect(await assess({ email: 'next@example.com', ip })).toMatchObject({ delayMs: 0, lockedForMs: 0 });
    await fail({ email: 'victim19@example.com', ip }, 1);
    expect(await assess({ email: 'next@example.com', ip })).toMatchObject({ delayMs: 1_000, because: 'address' });
    for (let i = 20; i < 49; i++) await fail({ email: `victim${i}@example.com`, ip }, 1);
    expect((await assess({ email: 'next@example.com', ip })).lockedForMs).toBe(0);
    expect((await (await protection.reserve({ email: 'victim49@example.com', ip })).fail())).toMatchObject({ lockedForMs: LOGIN_PROTECTION.lockMs, because: 'address' });
    expect(await assess({ email: 'next@example.com', ip })).toMatchObject({ lockedForMs: LOGIN_PROTECTION.lockMs, because: 'address' });
    expect((await assess({ email: 'next@example.com', ip: '198.51.100.67' })).lockedForMs).toBe(0);
  });

  it('counts failures only: an address where many people sign in successfully is never slowed down', async () => {
    const ip = '192.0.2.200';
    for (let i = 0; i < 100; i++) await (await protection.reserve({ email: `pupil${i}@school.example`, ip })).succeed();
    expect(await assess({ email: 'pupil100@school.example', ip })).toEqual(fresh);
  });

  it('does not count an attempt it released (refused before the password check, or on to its second step)', async () => {
    for (let i = 0; i < 20; i++) expect((await assess(jane)).captchaRequired).toBe(false);
  });

  it('forgets failures after 15 minutes', async () => {
    await fail(jane, 4);
    clock.advance(15 * MINUTE - 1);
    expect((await assess(jane)).captchaRequired).toBe(true);
    clock.advance(1);
    expect(await assess(jane)).toEqual(fresh);
  });

  it("clears the account's failures on success, but not the address's", async () => {
    await fail(jane, 4);
    await (await protection.reserve(jane)).succeed();
    expect(await assess({ ...jane, ip: '192.0.2.1' })).toEqual(fresh);
    expect(await assess({ email: 'someone@example.com', ip: jane.ip })).toMatchObject({ captchaRequired: true, lockedForMs: 0 });
  });

  it('never asks for a CAPTCHA without a provider: waits and locks protect alone', async () => {
    const withoutCaptcha = protectionOn(coordination.cache, false);
    await fail(jane, 4, withoutCaptcha);
    expect(await assess(jane, withoutCaptcha)).toEqual(fresh);
    await fail(jane, 1, withoutCaptcha);
    expect(await assess(jane, withoutCaptcha)).toEqual({ captchaRequired: false, delayMs: 1_000, lockedForMs: 0, because: 'account' });
  });

  it('shares counts between processes through the coordination store', async () => {
    const otherProcess = protectionOn(coordination.cache);
    await fail(jane, 2);
    await fail(jane, 1, otherProcess);
    expect((await assess(jane, otherProcess)).captchaRequired).toBe(true);
    expect((await assess(jane)).captchaRequired).toBe(true);
  });

  it('never puts the email or the address in a store key', async () => {
    await fail(jane, 1);
    expect(keysWritten).toHaveLength(2);
    for (const key of keysWritten) {
      expect(key).toMatch(/^login-protection:(account|ip):[A-Za-z0-9_-]{32}$/);
      expect(key).not.toContain('jane');
      expect(key).not.toContain('203.0.113');
    }
    const otherSecret = new LoginProtection({ cache: recordingCache(coordination.cache), clock, secret: 'another-secret', captchaAvailable: true });
    await fail(jane, 1, otherSecret);
    expect(keysWritten[2]).not.toBe(keysWritten[0]);
  });

  it('refuses to run without a secret', () => {
    expect(() => new LoginProtection({ cache: coordination.cache, clock, secret: '', captchaAvailable: true })).toThrow(/secret/);
  });
});

/**
 * Fifty guesses at once against one account, each "checking the password" (a pause standing in
 * for the slow hash) only when its assessment lets it. In memory, and on Redis when REDIS_URL
 * is set: only the first few may be checked before the CAPTCHA or the wait applies.
 */
const stores = [
  { name: 'memory', redisUrl: undefined as string | undefined },
  ...(process.env.REDIS_URL ? [{ name: 'redis', redisUrl: process.env.REDIS_URL }] : []),
];

describe.each(stores)('parallel guesses ($name)', ({ redisUrl }) => {
  const stores: Coordination[] = [];
  afterAll(async () => {
    for (const store of stores) await store.close();
  });

  async function burst(captchaAvailable: boolean) {
    const clockHere = new ControllableClock('2026-11-23T15:00:00Z');
    // Two "processes" on one store, as behind a load balancer (in memory, one store is one process).
    const prefix = `test:${ulid()}:`;
    const shared = createCoordination({ clock: clockHere, redisUrl, keyPrefix: prefix });
    const second = redisUrl ? createCoordination({ clock: clockHere, redisUrl, keyPrefix: prefix }) : shared;
    stores.push(...new Set([shared, second]));
    // As a process does at start: until Redis answers, each process uses its own in-memory fallback.
    for (const store of new Set([shared, second])) await store.connect();
    const processes = [shared, second].map((store) => new LoginProtection({ cache: store.cache, clock: clockHere, secret: SECRET, captchaAvailable }));
    let passwordChecks = 0;
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const ticket = await processes[i % 2]!.reserve({ email: 'target@example.com', ip: `198.51.100.${i + 1}` });
        const { captchaRequired, delayMs, lockedForMs } = ticket.assessment;
        if (captchaRequired || delayMs > 0 || lockedForMs > 0) return ticket.release();
        passwordChecks += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        await ticket.fail();
      }),
    );
    return passwordChecks;
  }

  it('checks at most 3 passwords before the CAPTCHA applies', async () => {
    expect(await burst(true)).toBeLessThanOrEqual(LOGIN_PROTECTION.account.captchaFromFailures);
  });

  it('checks at most 5 passwords before the wait applies, without a CAPTCHA provider', async () => {
    expect(await burst(false)).toBeLessThanOrEqual(LOGIN_PROTECTION.account.slowDownFromFailures);
  });
});
