import { describe, expect, it } from 'vitest';
import { ControllableClock } from '../../platform/clock.ts';
import { FakeCaptcha, TOKEN_LIFETIME_MS } from './fake.ts';
import { TURNSTILE_DUMMY_TOKEN, TURNSTILE_TEST_SECRETS } from './turnstile-keys.ts';

const fake = (options: { secretKey?: string; siteKey?: string } = {}) => {
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  return { clock, captcha: new FakeCaptcha({ clock, ...options }) };
};

describe('fake Turnstile', () => {
  it("offers Cloudflare's always-passing visible test site key", () => {
    expect(fake().captcha).toMatchObject({ mode: 'fake', siteKey: '1x00000000000000000000AA' });
    expect(fake({ siteKey: '2x00000000000000000000AB' }).captcha.siteKey).toBe('2x00000000000000000000AB');
  });

  it('accepts the dummy token as often as it is presented', async () => {
    const { captcha } = fake();
    for (let i = 0; i < 3; i++) expect(await captcha.verify(TURNSTILE_DUMMY_TOKEN, '203.0.113.1')).toEqual({ success: true, errorCodes: [] });
  });

  it('rejects anything else, and an empty token as missing', async () => {
    const { captcha } = fake();
    expect(await captcha.verify('XXXX.DUMMY.TOKEN.XXXY')).toEqual({ success: false, errorCodes: ['invalid-input-response'] });
    expect(await captcha.verify('')).toEqual({ success: false, errorCodes: ['missing-input-response'] });
  });

  it('redeems an issued token once, then reports it spent', async () => {
    const { captcha } = fake();
    const token = captcha.issueToken();
    expect(await captcha.verify(token)).toEqual({ success: true, errorCodes: [] });
    expect(await captcha.verify(token)).toEqual({ success: false, errorCodes: ['timeout-or-duplicate'] });
    expect(captcha.issueToken()).not.toBe(token);
  });

  it('lets an issued token expire after 300 seconds', async () => {
    const { captcha, clock } = fake();
    const fresh = captcha.issueToken();
    const stale = captcha.issueToken();
    clock.advance(TOKEN_LIFETIME_MS - 1);
    expect((await captcha.verify(fresh)).success).toBe(true);
    clock.advance(1);
    expect(await captcha.verify(stale)).toEqual({ success: false, errorCodes: ['timeout-or-duplicate'] });
  });

  it.each([
    [TURNSTILE_TEST_SECRETS.passes, 'any-token-at-all', { success: true, errorCodes: [] }],
    [TURNSTILE_TEST_SECRETS.fails, TURNSTILE_DUMMY_TOKEN, { success: false, errorCodes: ['invalid-input-response'] }],
    [TURNSTILE_TEST_SECRETS.spent, TURNSTILE_DUMMY_TOKEN, { success: false, errorCodes: ['timeout-or-duplicate'] }],
  ])('answers as Cloudflare test secret %s does', async (secretKey, token, expected) => {
    expect(await fake({ secretKey }).captcha.verify(token)).toEqual(expected);
  });
});
