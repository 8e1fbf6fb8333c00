import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { ControllableClock } from '../../platform/clock.ts';
import { integrationModes } from '../modes.ts';
import { createCaptcha } from './captcha.adapter.ts';
import { FakeCaptcha } from './fake.ts';
import { TurnstileCaptcha } from './turnstile.ts';
import { TURNSTILE_DUMMY_TOKEN, TURNSTILE_TEST_SECRETS } from './turnstile-keys.ts';

const clock = new ControllableClock();
const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://app@db/instainstru',
  JWT_SECRET: 'x'.repeat(40),
  ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64'),
  STRIPE_SECRET_KEY: 'sk_live_x',
  STRIPE_PUBLISHABLE_KEY: 'pk_live_x',
  STRIPE_WEBHOOK_SECRET: 'whsec_x',
  CHECKR_API_KEY: 'checkr_x',
  CHECKR_WEBHOOK_SECRET: 'checkr_whsec_x',
};
const realKeys = { TURNSTILE_SITE_KEY: '0x4AAAAAAAsite', TURNSTILE_SECRET_KEY: '0x4AAAAAAAsecret' };

function captchaFor(env: Record<string, string>) {
  const config = loadConfig(env);
  return { captcha: createCaptcha(config, { clock }), status: integrationModes(config).captcha };
}

describe('choosing the CAPTCHA adapter', () => {
  it('uses Turnstile when a real secret is configured, in any environment', () => {
    for (const env of [realKeys, { ...production, ...realKeys }]) {
      const { captcha, status } = captchaFor(env);
      expect(captcha).toBeInstanceOf(TurnstileCaptcha);
      expect(captcha.siteKey).toBe('0x4AAAAAAAsite');
      expect(status).toEqual({ mode: 'real', detail: 'Cloudflare Turnstile' });
    }
  });

  it('uses the fake outside production without a secret, on the passing test site key', async () => {
    const { captcha, status } = captchaFor({ NODE_ENV: 'test' });
    expect(captcha).toBeInstanceOf(FakeCaptcha);
    expect(captcha.siteKey).toBe('1x00000000000000000000AA');
    expect(status.mode).toBe('fake');
    expect(await captcha.verify(TURNSTILE_DUMMY_TOKEN)).toEqual({ success: true, errorCodes: [] });
  });

  it("uses the fake for Cloudflare's test secrets, answering as that secret", async () => {
    const { captcha, status } = captchaFor({ TURNSTILE_SECRET_KEY: TURNSTILE_TEST_SECRETS.fails, TURNSTILE_SITE_KEY: '2x00000000000000000000AB' });
    expect(status.mode).toBe('fake');
    expect(captcha.siteKey).toBe('2x00000000000000000000AB');
    expect((await captcha.verify(TURNSTILE_DUMMY_TOKEN)).success).toBe(false);
  });

  it('keeps a production site key away from the fake (its tokens could never be redeemed locally)', () => {
    expect(captchaFor({ TURNSTILE_SITE_KEY: '0x4AAAAAAAsite' }).captcha.siteKey).toBe('1x00000000000000000000AA');
  });

  it('is disabled in production without a real secret (a test secret would accept any token)', async () => {
    for (const env of [production, { ...production, TURNSTILE_SECRET_KEY: TURNSTILE_TEST_SECRETS.passes }]) {
      const { captcha, status } = captchaFor(env);
      expect(status.mode).toBe('disabled');
      expect(captcha.siteKey).toBeNull();
      expect(await captcha.verify('')).toEqual({ success: true, errorCodes: [] });
    }
  });

  it('refuses a real secret without the site key the web app needs', () => {
    expect(() => loadConfig({ TURNSTILE_SECRET_KEY: '0x4AAAAAAAsecret' })).toThrow(/TURNSTILE_SITE_KEY is required/);
    expect(() => loadConfig({ TURNSTILE_SECRET_KEY: TURNSTILE_TEST_SECRETS.passes })).not.toThrow();
  });
});
