import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { aClientIp, aStudent, DEFAULT_PASSWORD, signIn } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';

/** Accounts as a person meets them: sign up, verify, log in, rotate, reset, 2FA. */
describe('accounts journey', () => {
  let t: TestApp;
  let clock: ControllableClock;

  beforeAll(async () => {
    t = await createTestApp({ work: true });
    clock = t.clock as ControllableClock;
  });
  afterAll(() => t.close());

  async function inbox(to: string): Promise<Array<{ subject: string; html: string; text: string }>> {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/dev/outbox/email?to=${encodeURIComponent(to)}` });
    return (response.json() as { items: Array<{ subject: string; html: string; text: string }> }).items;
  }

  async function waitForEmail(to: string, subject: RegExp) {
    let found: { subject: string; html: string; text: string } | undefined;
    await expect
      .poll(
        async () => {
          found = (await inbox(to)).find((message) => subject.test(message.subject));
          return Boolean(found);
        },
        { timeout: 20_000, interval: 200 },
      )
      .toBe(true);
    return found!;
  }

  const linkToken = (text: string, path: string) => new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(text)?.[1];

  it('signs up, receives a welcome email with a working verification link, and verifies', async () => {
    const email = 'Maria.Lopez@Example.com';
    const register = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'user-agent': CHROME },
      payload: { email, password: 'piano lessons in park slope', name: 'Maria Lopez', role: 'student' },
    });
    expect(register.statusCode).toBe(201);
    const body = register.json();
    expect(body.user).toMatchObject({ email: 'maria.lopez@example.com', name: 'Maria Lopez', roles: ['student'], emailVerified: false });
    expect(body.accessToken).toMatch(/^ey/);
    const cookie = String(register.headers['set-cookie']);
    expect(cookie).toMatch(/^ii_refresh=[^;]+; Path=\/api\/v1\/auth; Max-Age=2592000; HttpOnly; SameSite=Lax$/);

    const welcome = await waitForEmail('maria.lopez@example.com', /welcome/i);
    const token = linkToken(welcome.text, '/verify-email');
    expect(token).toBeDefined();
    expect(welcome.html).toContain(`/verify-email?token=${token}`);

    const verify = await t.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } });
    expect(verify.statusCode).toBe(200);
    expect(verify.json()).toEqual({ verified: true, alreadyVerified: false });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(me.json()).toMatchObject({ emailVerified: true });

    // Opened again: the email is verified already, and the answer says so rather than failing.
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ verified: true, alreadyVerified: true });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token: 'not-a-token-we-sent' } });
    expect(unknown.statusCode).toBe(410);
  });

  it('refuses a weak password with a field error and a taken email with a conflict, creating nothing', async () => {
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'weak@example.com', password: 'password123', name: 'Weak', role: 'student' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors).toEqual([{ field: 'body.password', reason: 'is too common; choose something less guessable' }]);
    const taken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'MARIA.LOPEZ@example.com', password: 'another long password', name: 'Impostor', role: 'instructor' },
    });
    expect(taken.statusCode).toBe(409);
    const invalid = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'not-an-email', password: 'x', name: '', role: 'admin' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.email', 'body.name', 'body.role']);
    const users = await t.database.db.selectFrom('users').select('email').execute();
    expect(users.map((u) => u.email)).not.toContain('weak@example.com');
  });

  it('logs in, rotates the refresh token, and revokes the session when a rotated token is reused', async () => {
    const user = await aStudent(t);
    const session = await signIn(t, user);

    const first = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: session.cookie, origin: 'http://localhost:3000' } });
    expect(first.statusCode).toBe(200);
    const rotated = String(first.headers['set-cookie']).split(';')[0]!;
    expect(rotated).not.toBe(session.cookie);

    // Past the grace period for parallel tabs, the old token is a stolen token.
    clock.advance(31_000);
    const reuse = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: session.cookie, origin: 'http://localhost:3000' } });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().detail).toMatch(/used twice/);
    // The whole session is gone: the newest token and the access token stop working too.
    const after = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: rotated, origin: 'http://localhost:3000' } });
    expect(after.statusCode).toBe(401);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: session.authorization } });
    expect(me.statusCode).toBe(401);
  });

  it('tolerates two tabs refreshing with the same token at once (races only on PostgreSQL; PGlite serializes)', async () => {
    const user = await aStudent(t);
    const session = await signIn(t, user);
    const [a, b] = await Promise.all([
      t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: session.cookie, origin: 'http://localhost:3000' } }),
      t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: session.cookie, origin: 'http://localhost:3000' } }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    // One chain: both tabs hold the same successor.
    expect(String(a.headers['set-cookie']).split(';')[0]).toBe(String(b.headers['set-cookie']).split(';')[0]);
  });

  it('answers a rotated token replayed within the 30 s grace with the same successor, never a second chain', async () => {
    const user = await aStudent(t);
    const session = await signIn(t, user);
    const refresh = (cookie: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie, origin: 'http://localhost:3000' } });
    const cookieOf = (response: { headers: Record<string, unknown> }) => String(response.headers['set-cookie']).split(';')[0]!;

    const first = await refresh(session.cookie);
    clock.advance(20_000);
    const replay = await refresh(session.cookie);
    expect(replay.statusCode).toBe(200);
    expect(cookieOf(replay)).toBe(cookieOf(first));
    // The successor rotates on as usual; the old token, past its grace, now ends the session.
    const next = await refresh(cookieOf(first));
    expect(next.statusCode).toBe(200);
    clock.advance(31_000);
    expect((await refresh(session.cookie)).json().detail).toMatch(/used twice/);
    expect((await refresh(cookieOf(next))).statusCode).toBe(401);
    const sessions = await t.database.db.selectFrom('sessions').select('id').where('userId', '=', user.id).execute();
    expect(sessions).toHaveLength(1);
  });

  it('expires access tokens after 15 minutes', async () => {
    const user = await aStudent(t);
    const session = await signIn(t, user);
    clock.advance(14 * 60_000);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: session.authorization } })).statusCode).toBe(200);
    clock.advance(2 * 60_000);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: session.authorization } })).statusCode).toBe(401);
  });

  it('logs out: the refresh cookie is cleared and the session ends', async () => {
    const user = await aStudent(t);
    const session = await signIn(t, user);
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: session.cookie, origin: 'http://localhost:3000' },
    });
    expect(logout.statusCode).toBe(204);
    expect(String(logout.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: session.authorization } })).statusCode).toBe(401);
  });

  it('lists sessions and revokes another device', async () => {
    const user = await aStudent(t);
    const laptop = await signIn(t, user);
    const phone = await signIn(t, user);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: { authorization: laptop.authorization } });
    const items = list.json().items as Array<{ id: string; current: boolean }>;
    expect(items).toHaveLength(2);
    const other = items.find((s) => !s.current)!;
    const revoke = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${other.id}`, headers: { authorization: laptop.authorization } });
    expect(revoke.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: phone.authorization } })).statusCode).toBe(401);
    // Someone else's session id is simply not found.
    const stranger = await signIn(t, await aStudent(t));
    const notMine = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${other.id}`, headers: { authorization: stranger.authorization } });
    expect(notMine.statusCode).toBe(404);
  });

  it('emails a security notice on login from a new device, not from a known one', async () => {
    const user = await aStudent(t);
    await signIn(t, user); // first device becomes known
    const newDevice = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'user-agent': FIREFOX },
      remoteAddress: aClientIp(),
      payload: { email: user.email, password: user.password },
    });
    expect(newDevice.statusCode).toBe(200);
    const notice = await waitForEmail(user.email, /new (device|sign-in|login)/i);
    expect(notice.text).toMatch(/Firefox on Windows/);
    await signIn(t, user);
    const notices = (await inbox(user.email)).filter((m) => /new (device|sign-in|login)/i.test(m.subject));
    expect(notices).toHaveLength(1);
  });

  it('resets a forgotten password by emailed single-use link, signing out every session', async () => {
    const user = await aStudent(t);
    const session = await signIn(t, user);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'nobody@example.com' } });
    const known = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: user.email } });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);

    const email = await waitForEmail(user.email, /reset/i);
    const token = linkToken(email.text, '/reset-password')!;
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: 'a brand new long password' },
    });
    expect(confirm.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: session.authorization } })).statusCode).toBe(401);
    const reuse = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password: 'yet another long password' } });
    expect(reuse.statusCode).toBe(410);
    await signIn(t, { email: user.email, password: 'a brand new long password' });
    await waitForEmail(user.email, /password (was|has been) (reset|changed)|reset.*(complete|confirm)/i);
  });

  it('refuses a reset link after one hour', async () => {
    const user = await aStudent(t);
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: user.email } });
    const token = linkToken((await waitForEmail(user.email, /reset/i)).text, '/reset-password')!;
    clock.advance(61 * 60_000);
    const late = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password: 'a brand new long password' } });
    expect(late.statusCode).toBe(410);
  });

  it('changes the password, keeping this session and ending the others', async () => {
    const user = await aStudent(t);
    const here = await signIn(t, user);
    const elsewhere = await signIn(t, user);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { authorization: here.authorization },
      payload: { currentPassword: 'not it', newPassword: 'a brand new long password' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([{ field: 'body.currentPassword', reason: 'is not correct' }]);
    const change = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { authorization: here.authorization },
      payload: { currentPassword: DEFAULT_PASSWORD, newPassword: 'a brand new long password' },
    });
    expect(change.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: here.authorization } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: elsewhere.authorization } })).statusCode).toBe(401);
    await waitForEmail(user.email, /password/i);
  });

  it('enrols 2FA, then asks for a code at login, accepts TOTP with ±1 step of skew and single-use backup codes', async () => {
    const user = await aStudent(t);
    const session = await signIn(t, user);
    const setup = await t.app.inject({ method: 'POST', url: '/api/v1/me/2fa/setup', headers: { authorization: session.authorization } });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl, qrCodeDataUrl } = setup.json();
    expect(otpauthUrl).toContain('otpauth://totp/');
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    const stored = await t.database.db.selectFrom('users').select('totpSecretEncrypted').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(stored.totpSecretEncrypted).not.toContain(secret);

    const code = (offsetSteps = 0) => generate({ secret, epoch: Math.floor(clock.nowMs() / 1000) + offsetSteps * 30 });
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/me/2fa/confirm', headers: { authorization: session.authorization }, payload: { code: '000000' } });
    expect(wrong.statusCode).toBe(400);
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/2fa/confirm',
      headers: { authorization: session.authorization },
      payload: { code: await code() },
    });
    expect(confirm.statusCode).toBe(200);
    const { backupCodes } = confirm.json() as { backupCodes: string[] };
    expect(backupCodes).toHaveLength(10);
    await waitForEmail(user.email, /two-factor|2fa|authenticat/i);

    // Wrong codes below count as failed logins, so after three the CAPTCHA is required: pass the test token.
    const ip = aClientIp();
    const login = (extra: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'user-agent': CHROME },
        remoteAddress: ip,
        payload: { email: user.email, password: user.password, captchaToken: 'XXXX.DUMMY.TOKEN.XXXX', ...extra },
      });
    const withoutCode = await login({});
    expect(withoutCode.statusCode).toBe(401);
    expect(withoutCode.json().code).toBe('totp_required');

    clock.advance(60_000);
    expect((await login({ totpCode: await code(-1) })).statusCode).toBe(200); // phone 30 s behind
    clock.advance(60_000);
    expect((await login({ totpCode: await code(1) })).statusCode).toBe(200); // phone 30 s ahead
    clock.advance(60_000);
    expect((await login({ totpCode: await code(-3) })).statusCode).toBe(401); // 90 s off
    const current = await code();
    expect((await login({ totpCode: current })).statusCode).toBe(200);
    expect((await login({ totpCode: current })).statusCode).toBe(401); // replayed

    expect((await login({ backupCode: backupCodes[0]!.toUpperCase() })).statusCode).toBe(200);
    expect((await login({ backupCode: backupCodes[0]! })).statusCode).toBe(401); // single use

    const disable = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/2fa/disable',
      headers: { authorization: session.authorization },
      payload: { password: user.password, code: backupCodes[1]! },
    });
    expect(disable.statusCode).toBe(204);
    expect((await login({})).statusCode).toBe(200);
  });
});
