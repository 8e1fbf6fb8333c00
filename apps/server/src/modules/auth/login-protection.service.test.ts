import { beforeEach, describe, expect, it } from 'vitest';
import type { Cache } from '../../platform/cache/cache.port.ts';
import { ControllableClock } from '../../platform/clock.ts';
import { createCoordination, type Coordination } from '../../platform/coordination.ts';
import { LOGIN_PROTECTION } from './login-protection.policy.ts';
import { LoginProtection } from './login-protection.service.ts';

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
      if (property === 'set') {
        return (key: string, value: unknown, ttlMs: number) => {
          keysWritten.push(key);
          return target.set(key, value, ttlMs);
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

beforeEach(() => {
  clock = new ControllableClock('2026-11-23T15:00:00Z');
  coordination = createCoordination({ clock });
  keysWritten = [];
  protection = new LoginProtection({ cache: recordingCache(coordination.cache), locks: coordination.locks, clock, secret: SECRET });
});

const jane = { email: 'jane@example.com', ip: '203.0.113.5' };
const fresh = { captchaRequired: false, delayMs: 0, lockedForMs: 0 };

async function fail(attempt: { email: string; ip: string }, times: number) {
  for (let i = 0; i < times; i++) await protection.recordFailure(attempt);
}

describe('LoginProtection', () => {
  it('asks nothing of a first attempt', async () => {
    expect(await protection.assess(jane)).toEqual(fresh);
  });

  it('requires a CAPTCHA after three failures for an account, from any address', async () => {
    await fail(jane, 2);
    expect((await protection.assess(jane)).captchaRequired).toBe(false);
    await fail({ ...jane, ip: '198.51.100.9' }, 1);
    expect(await protection.assess({ ...jane, ip: '192.0.2.1' })).toEqual({ captchaRequired: true, delayMs: 0, lockedForMs: 0 });
  });

  it('treats the email case- and space-insensitively', async () => {
    await fail({ ...jane, email: 'Jane@Example.COM' }, 2);
    await fail({ ...jane, email: '  jane@example.com ' }, 1);
    expect((await protection.assess({ ...jane, ip: '192.0.2.1' })).captchaRequired).toBe(true);
  });

  it('requires a CAPTCHA after three failures from an address, whatever the emails (registered or not)', async () => {
    for (const email of ['a@example.com', 'b@example.com', 'nobody-has-this@example.com']) await fail({ email, ip: '198.51.100.7' }, 1);
    expect((await protection.assess({ email: 'd@example.com', ip: '198.51.100.7' })).captchaRequired).toBe(true);
    expect(await protection.assess({ email: 'd@example.com', ip: '198.51.100.8' })).toEqual(fresh);
  });

  it('counts an IPv6 address by its /64', async () => {
    for (let i = 1; i <= 3; i++) await fail({ email: `u${i}@example.com`, ip: `2001:db8:5:6::${i}` }, 1);
    expect((await protection.assess({ email: 'v@example.com', ip: '2001:db8:5:6:ffff::1' })).captchaRequired).toBe(true);
  });

  it('slows down from the fifth failure, doubling, and locks the account for 15 minutes at the tenth', async () => {
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      await fail(jane, 1);
      delays.push((await protection.assess(jane)).delayMs);
      clock.advance(1_000);
    }
    expect(delays).toEqual([0, 0, 0, 0, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000]);
    // The wait runs from the latest failure: one second later, 29 s remain.
    expect(await protection.assess(jane)).toEqual({ captchaRequired: true, delayMs: 29_000, lockedForMs: 15 * MINUTE - 1_000 });
    // The lock holds for the account from anywhere, and ends 15 minutes after the tenth failure.
    clock.advance(10 * MINUTE);
    expect((await protection.assess({ ...jane, ip: '192.0.2.44' })).lockedForMs).toBe(5 * MINUTE - 1_000);
    clock.advance(5 * MINUTE - 1_000);
    expect((await protection.assess(jane)).lockedForMs).toBe(0);
  });

  it('locks an address at 50 failures, for every email tried from it', async () => {
    for (let i = 0; i < 49; i++) await fail({ email: `victim${i}@example.com`, ip: '198.51.100.66' }, 1);
    expect((await protection.assess({ email: 'next@example.com', ip: '198.51.100.66' })).lockedForMs).toBe(0);
    await fail({ email: 'victim49@example.com', ip: '198.51.100.66' }, 1);
    expect((await protection.assess({ email: 'next@example.com', ip: '198.51.100.66' })).lockedForMs).toBe(LOGIN_PROTECTION.lockMs);
    expect((await protection.assess({ email: 'next@example.com', ip: '198.51.100.67' })).lockedForMs).toBe(0);
  });

  it('forgets failures after 15 minutes', async () => {
    await fail(jane, 4);
    clock.advance(15 * MINUTE - 1);
    expect((await protection.assess(jane)).captchaRequired).toBe(true);
    clock.advance(1);
    expect(await protection.assess(jane)).toEqual(fresh);
  });

  it("clears the account's failures on success, but not the address's", async () => {
    await fail(jane, 4);
    await protection.recordSuccess(jane);
    expect(await protection.assess({ ...jane, ip: '192.0.2.1' })).toEqual(fresh);
    expect(await protection.assess({ email: 'someone@example.com', ip: jane.ip })).toEqual({ captchaRequired: true, delayMs: 0, lockedForMs: 0 });
  });

  it('counts every one of many failures recorded at once', async () => {
    await Promise.all(Array.from({ length: 10 }, () => protection.recordFailure(jane)));
    expect((await protection.assess(jane)).lockedForMs).toBe(LOGIN_PROTECTION.lockMs);
  });

  it('shares counts between processes through the coordination store', async () => {
    const otherProcess = new LoginProtection({ cache: coordination.cache, locks: coordination.locks, clock, secret: SECRET });
    await fail(jane, 2);
    await otherProcess.recordFailure(jane);
    expect((await otherProcess.assess(jane)).captchaRequired).toBe(true);
    expect((await protection.assess(jane)).captchaRequired).toBe(true);
  });

  it('never puts the email or the address in a store key', async () => {
    await fail(jane, 1);
    expect(keysWritten).toHaveLength(2);
    for (const key of keysWritten) {
      expect(key).toMatch(/^login-protection:(account|ip):[A-Za-z0-9_-]{32}$/);
      expect(key).not.toContain('jane');
      expect(key).not.toContain('203.0.113');
    }
    const otherSecret = new LoginProtection({ cache: recordingCache(coordination.cache), locks: coordination.locks, clock, secret: 'another-secret' });
    await otherSecret.recordFailure(jane);
    expect(keysWritten[2]).not.toBe(keysWritten[0]);
  });

  it('refuses to run without a secret', () => {
    expect(() => new LoginProtection({ cache: coordination.cache, locks: coordination.locks, clock, secret: '' })).toThrow(/secret/);
  });
});
