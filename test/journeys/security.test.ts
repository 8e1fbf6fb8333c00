import { decodeJwt, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { aClientIp, aStudent, DEFAULT_PASSWORD, signIn } from '../support/builders.ts';
import { PRODUCTION_ENV } from '../support/production-env.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** What an attacker tries: forged tokens, cross-site requests, guessing passwords and emails. */
describe('security journey', () => {
  let t: TestApp;
  let clock: ControllableClock;

  beforeAll(async () => {
    t = await createTestApp();
    clock = t.clock as ControllableClock;
  });
  afterAll(() => t.close());

  const me = (authorization: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization } });

  describe('access token tampering', () => {
    it('accepts the genuine token', async () => {
      const { authorization } = await signIn(t, await aStudent(t));
      expect((await me(authorization)).statusCode).toBe(200);
    });

    it('refuses a token whose payload was changed (roles escalated)', async () => {
      const { accessToken } = await signIn(t, await aStudent(t));
      const [header, , signature] = accessToken.split('.');
      const claims = decodeJwt(accessToken);
      const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
      const response = await me(`Bearer ${header}.${forged}.${signature}`);
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('unauthenticated');
    });

    it('refuses alg: none', async () => {
      const { accessToken } = await signIn(t, await aStudent(t));
      const claims = decodeJwt(accessToken);
      const unsigned = new UnsecuredJWT({ ...claims }).encode();
      expect((await me(`Bearer ${unsigned}`)).statusCode).toBe(401);
    });

    it('refuses a token signed with another key', async () => {
      const { accessToken } = await signIn(t, await aStudent(t));
      const claims = decodeJwt(accessToken);
      const forged = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('an attacker secret of decent length!!'));
      expect((await me(`Bearer ${forged}`)).statusCode).toBe(401);
    });

    it('refuses an expired token', async () => {
      const { authorization } = await signIn(t, await aStudent(t));
      clock.advance(15 * 60_000 + 1_000);
      expect((await me(authorization)).statusCode).toBe(401);
    });

    it('refuses garbage and a machine token used as a user', async () => {
      expect((await me('Bearer not.a.jwt')).statusCode).toBe(401);
      expect((await me('Basic dXNlcjpwYXNz')).statusCode).toBe(401);
    });
  });

  describe('CSRF', () => {
    it('refuses a cookie-authenticated refresh from a foreign origin, or with no origin at all', async () => {
      const { cookie } = await signIn(t, await aStudent(t));
      const foreign = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie, origin: 'https://evil.example' } });
      expect(foreign.statusCode).toBe(403);
      expect(foreign.headers['content-type']).toContain('application/problem+json');
      const viaReferer = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        headers: { cookie, referer: 'https://evil.example/page' },
      });
      expect(viaReferer.statusCode).toBe(403);
      const none = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie } });
      expect(none.statusCode).toBe(403);
      const sameSite = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie, origin: 'http://localhost:3000' } });
      expect(sameSite.statusCode).toBe(200);
    });
  });

  describe('login protection', () => {
    const attempt = (email: string, password: string, ip: string, extra: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { email, password, ...extra } });

    it('answers the same for an unknown email and a wrong password', async () => {
      const user = await aStudent(t);
      const unknown = await attempt('nobody-here@example.com', 'whatever password', aClientIp());
      const wrong = await attempt(user.email, 'whatever password', aClientIp());
      expect(unknown.statusCode).toBe(401);
      expect(wrong.statusCode).toBe(401);
      const strip = (body: { traceId: string }) => ({ ...body, traceId: undefined });
      expect(strip(unknown.json())).toEqual(strip(wrong.json()));
      expect(unknown.json().code).toBe('invalid_credentials');
    });

    it('requires a CAPTCHA after 3 failures, slows down, then locks the account, without revealing whether it exists', async () => {
      for (const email of [(await aStudent(t)).email, 'ghost@example.com']) {
        const ip = aClientIp();
        const codes: string[] = [];
        for (let i = 0; i < 3; i++) codes.push((await attempt(email, `wrong password ${i}`, ip)).json().code);
        expect(codes).toEqual(['invalid_credentials', 'invalid_credentials', 'invalid_credentials']);
        const fourth = await attempt(email, 'wrong password again', ip);
        expect(fourth.statusCode).toBe(401);
        expect(fourth.json().code).toBe('captcha_required');
        const badCaptcha = await attempt(email, 'wrong password again', ip, { captchaToken: 'forged-token' });
        expect(badCaptcha.json().code).toBe('captcha_required');

        // With the CAPTCHA solved, failures keep counting. From the fifth, each next attempt must
        // wait (1 s, 2 s, 4 s…): too soon is refused without checking the password.
        for (let i = 4; i <= 5; i++) {
          const response = await attempt(email, `wrong ${i}`, aClientIp(), { captchaToken: 'XXXX.DUMMY.TOKEN.XXXX' });
          expect(response.json().code).toBe('invalid_credentials'); // 4th and 5th failures: no wait yet
        }
        const hurried = await attempt(email, 'wrong', aClientIp(), { captchaToken: 'XXXX.DUMMY.TOKEN.XXXX' });
        expect(hurried.statusCode).toBe(429);
        expect(hurried.json().code).toBe('rate_limited');
        expect(hurried.headers['retry-after']).toBe('1');
        expect(hurried.json().detail).toBe('Too many failed sign-ins for this account. Try again in 1 second.');
        for (let i = 0; i < 4; i++) {
          clock.advance(31_000);
          const response = await attempt(email, `wrong ${i}`, aClientIp(), { captchaToken: 'XXXX.DUMMY.TOKEN.XXXX' });
          expect(response.json().code).toBe('invalid_credentials');
        }
        // The 10th failure itself says that the account is now locked, and for how long.
        clock.advance(31_000);
        const tenth = await attempt(email, 'wrong the tenth time', aClientIp(), { captchaToken: 'XXXX.DUMMY.TOKEN.XXXX' });
        expect(tenth.statusCode).toBe(429);
        expect(tenth.json()).toMatchObject({
          code: 'account_locked',
          detail: 'Email or password is incorrect. That was failed sign-in number 10 for this account in 15 minutes, so sign-in is now locked for 15 minutes.',
        });
        expect(tenth.headers['retry-after']).toBe('900');
        clock.advance(31_000);
        const locked = await attempt(email, 'wrong once more', aClientIp(), { captchaToken: 'XXXX.DUMMY.TOKEN.XXXX' });
        expect(locked.statusCode).toBe(429);
        expect(locked.json()).toMatchObject({
          code: 'account_locked',
          detail: 'Too many failed sign-ins for this account: sign-in is locked. Try again in 15 minutes.',
        });
        expect(Number(locked.headers['retry-after'])).toBe(15 * 60 - 31);
      }
    }, 120_000);

    it('lets people share an address: 40 sign-ins and 6 typos in a few minutes, nobody waits or is locked out', async () => {
      const ip = aClientIp();
      const pupils = await Promise.all(Array.from({ length: 40 }, () => aStudent(t)));
      const codes: string[] = [];
      for (const [i, pupil] of pupils.entries()) {
        // The address has seen 3 failures: the CAPTCHA appears, and people solve it.
        const captcha = { captchaToken: 'XXXX.DUMMY.TOKEN.XXXX' };
        if (i % 7 === 0) codes.push((await attempt(pupil.email, 'a typo in it', ip, captcha)).json().code);
        const response = await attempt(pupil.email, pupil.password, ip, captcha);
        codes.push(response.statusCode === 200 ? 'signed_in' : response.json().code);
        clock.advance(5_000);
      }
      expect(codes.filter((code) => code === 'invalid_credentials')).toHaveLength(6);
      expect(codes.filter((code) => code === 'signed_in')).toHaveLength(40);
    }, 120_000);

    it('unlocks after the lock period and signs in with the right password', async () => {
      const user = await aStudent(t);
      for (let i = 0; i < 10; i++) {
        clock.advance(31_000);
        await attempt(user.email, `wrong ${i}`, aClientIp(), { captchaToken: 'XXXX.DUMMY.TOKEN.XXXX' });
      }
      const locked = await attempt(user.email, user.password, aClientIp(), { captchaToken: 'XXXX.DUMMY.TOKEN.XXXX' });
      expect(locked.statusCode).toBe(429);
      clock.advance(16 * 60_000);
      const after = await attempt(user.email, user.password, aClientIp());
      expect(after.statusCode).toBe(200);
    }, 120_000);
  });

  describe('password reset', () => {
    it('does the same work for a known and an unknown email: one queued job, nothing else during the request', async () => {
      const user = await aStudent(t);
      const written = async () => ({
        tokens: (await t.database.db.selectFrom('emailTokens').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
        emails: (await t.database.db.selectFrom('emailMessages').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
      });
      const send = vi.spyOn(t.jobs, 'send');
      try {
        const work = [];
        for (const email of [user.email, 'no-account-here@example.com']) {
          send.mockClear();
          const before = await written();
          const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', remoteAddress: aClientIp(), payload: { email } });
          work.push({ status: response.statusCode, body: response.body, written: await written(), before, calls: send.mock.calls.map(([name]) => name) });
        }
        for (const { status, body, written: after, before, calls } of work) {
          expect(status).toBe(202);
          expect(body).toBe('{"sent":true}');
          expect(after).toEqual(before);
          expect(calls).toEqual(['auth.password_reset_requested']);
        }
      } finally {
        send.mockRestore();
      }
    });
  });

  describe('rate limits', () => {
    it('sends RateLimit headers and answers 429 with Retry-After once the budget is spent', async () => {
      const ip = aClientIp();
      const reset = (email: string) =>
        t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', remoteAddress: ip, payload: { email } });
      const first = await reset('someone1@example.com');
      expect(first.statusCode).toBe(202);
      expect(first.headers['ratelimit-limit']).toBeDefined();
      expect(Number(first.headers['ratelimit-remaining'])).toBeGreaterThanOrEqual(0);
      expect(first.headers['ratelimit-reset']).toBeDefined();
      let last = first;
      for (let i = 2; i <= 11 && last.statusCode !== 429; i++) last = await reset(`someone${i}@example.com`);
      expect(last.statusCode).toBe(429);
      expect(last.json().code).toBe('rate_limited');
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    });
  });
});

/**
 * Production behind (or without) a proxy: a client may write anything in X-Forwarded-For, and
 * only the hops TRUST_PROXY names may be believed. Production has no CAPTCHA unless Turnstile
 * keys are set, so address protection there is the wait and the lock.
 */
describe('security in production: forged X-Forwarded-For', () => {
  let direct: TestApp; // nothing trusted (the default)
  let proxied: TestApp; // TRUST_PROXY=1: one proxy in front
  const spoofed = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}`;

  beforeAll(async () => {
    direct = await createTestApp({ env: { ...PRODUCTION_ENV, METRICS_ALLOWED_IPS: '10.9.9.9' } });
    proxied = await createTestApp({ env: { ...PRODUCTION_ENV, METRICS_ALLOWED_IPS: '10.9.9.9', TRUST_PROXY: '1' } });
  });
  afterAll(async () => {
    await direct.close();
    await proxied.close();
  });

  const register = (t: TestApp, i: number, remoteAddress: string, forwardedFor: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      remoteAddress,
      headers: { 'x-forwarded-for': forwardedFor },
      payload: { email: `signup-${remoteAddress}-${i}@example.com`, password: DEFAULT_PASSWORD, name: 'Sam', role: 'student' },
    });

  it('counts sign-ups against the socket address, whatever X-Forwarded-For says', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await register(direct, i, '198.51.100.20', spoofed())).statusCode);
    expect(statuses).toEqual([...Array<number>(10).fill(201), 429]);
  }, 60_000);

  it('with TRUST_PROXY=1, counts the right-most address, the one our proxy added', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await register(proxied, i, '10.0.0.2', `${spoofed()}, 198.51.100.21`)).statusCode);
    expect(statuses).toEqual([...Array<number>(10).fill(201), 429]);
  }, 60_000);

  it('slows a password spray down by its socket address, never asking for a CAPTCHA production cannot check', async () => {
    expect((await direct.app.inject({ method: 'GET', url: '/api/v1/auth/config' })).json()).toEqual({ captcha: null });
    const codes: string[] = [];
    for (let i = 0; i < 21; i++) {
      const response = await direct.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '198.51.100.30',
        headers: { 'x-forwarded-for': spoofed() },
        payload: { email: `sprayed-${i}@example.com`, password: 'Spring2026!!', captchaToken: 'anything' },
      });
      codes.push(response.json().code);
    }
    expect(codes).toEqual([...Array<string>(20).fill('invalid_credentials'), 'rate_limited']);
  }, 60_000);

  it('keeps /metrics to the allowlisted address: a forged X-Forwarded-For does not pass', async () => {
    const scrape = (t: TestApp, remoteAddress: string, forwardedFor: string) =>
      t.app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers: { 'x-forwarded-for': forwardedFor } });
    expect((await scrape(direct, '198.51.100.7', '10.9.9.9, 198.51.100.7')).statusCode).toBe(403);
    expect((await scrape(direct, '198.51.100.7', '10.9.9.9')).statusCode).toBe(403);
    expect((await scrape(direct, '10.9.9.9', '198.51.100.7')).statusCode).toBe(200);
    // Behind one proxy: the address it appended decides, not what the client wrote before it.
    expect((await scrape(proxied, '10.0.0.2', '10.9.9.9, 198.51.100.7')).statusCode).toBe(403);
    expect((await scrape(proxied, '10.0.0.2', '198.51.100.7, 10.9.9.9')).statusCode).toBe(200);
  });
});

/**
 * Fifty wrong passwords at once against one account: each attempt is counted before its
 * password is hashed, so only the first few are checked before the CAPTCHA (test mode) or the
 * wait (production without a CAPTCHA) applies. PGlite runs one statement at a time, but the
 * hashes still overlap there; on PostgreSQL (DATABASE_URL) the lookups overlap too, and with
 * REDIS_URL the counts live in Redis.
 */
describe('security: parallel guesses against one account', () => {
  // Answers given before any password is checked. The attempts still pending count too, so
  // late ones in a burst may already read "locked" (or "wait").
  const refusedUnchecked = ['captcha_required', 'rate_limited', 'account_locked'];
  const guessInParallel = async (t: TestApp, email: string) => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: `198.51.100.${100 + i}`, payload: { email, password: `guess number ${i}` } }),
      ),
    );
    return responses.map((response) => response.json().code as string);
  };

  it('checks at most 3 passwords before the CAPTCHA applies', async () => {
    const t = await createTestApp({ redisUrl: process.env.REDIS_URL });
    try {
      const codes = await guessInParallel(t, (await aStudent(t)).email);
      expect(codes.filter((code) => code === 'invalid_credentials').length).toBeLessThanOrEqual(3);
      expect(codes.filter((code) => !refusedUnchecked.includes(code) && code !== 'invalid_credentials')).toEqual([]);
      expect(codes).toContain('captcha_required');
    } finally {
      await t.close();
    }
  }, 60_000);

  it('checks at most 5 passwords before the wait applies, in production without a CAPTCHA', async () => {
    const t = await createTestApp({ env: PRODUCTION_ENV, redisUrl: process.env.REDIS_URL });
    try {
      const codes = await guessInParallel(t, (await aStudent(t)).email);
      expect(codes.filter((code) => code === 'invalid_credentials').length).toBeLessThanOrEqual(5);
      expect(codes.filter((code) => !refusedUnchecked.includes(code) && code !== 'invalid_credentials')).toEqual([]);
      expect(codes).not.toContain('captcha_required');
    } finally {
      await t.close();
    }
  }, 60_000);
});
