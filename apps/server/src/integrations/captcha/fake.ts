import { randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import { captchaFailure, type CaptchaPort, type CaptchaVerification } from './captcha.port.ts';
import { TURNSTILE_DUMMY_TOKEN, TURNSTILE_TEST_SECRETS, TURNSTILE_TEST_SITE_KEYS } from './turnstile-keys.ts';

/** How long an issued token may be redeemed, like Turnstile's. */
export const TOKEN_LIFETIME_MS = 300_000;

/**
 * Turnstile without Cloudflare, for development and tests. The web app renders the real widget
 * with a test site key (default `1x00000000000000000000AA`), which hands out the dummy token.
 *
 * Without a secret (the usual case) siteverify is modelled strictly, so both outcomes can be
 * exercised: the dummy token passes every time; a token from `issueToken()` (a stand-in for a
 * real solve) passes once, then answers `timeout-or-duplicate`, as it does after 300 s;
 * anything else is `invalid-input-response`; an empty token is `missing-input-response`.
 *
 * With one of Cloudflare's test secrets configured, that secret's documented behaviour wins:
 * `1x…AA` passes any token, `2x…AA` fails every token, `3x…AA` reports every token spent.
 */
export class FakeCaptcha implements CaptchaPort {
  readonly mode = 'fake' as const;
  readonly siteKey: string;
  private readonly issued = new Map<string, { expiresAtMs: number; redeemed: boolean }>();

  constructor(private readonly options: { clock: Clock; siteKey?: string; secretKey?: string }) {
    this.siteKey = options.siteKey ?? TURNSTILE_TEST_SITE_KEYS.passesVisible;
  }

  /** What a solved widget would give the browser: single-use, valid for 300 s. */
  issueToken(): string {
    const now = this.options.clock.nowMs();
    for (const [old, entry] of this.issued) if (entry.expiresAtMs <= now) this.issued.delete(old);
    const token = `fake.${randomBytes(24).toString('base64url')}`;
    this.issued.set(token, { expiresAtMs: now + TOKEN_LIFETIME_MS, redeemed: false });
    return token;
  }

  async verify(token: string, _remoteIp?: string): Promise<CaptchaVerification> {
    if (!token) return captchaFailure('missing-input-response');
    switch (this.options.secretKey) {
      case TURNSTILE_TEST_SECRETS.passes:
        return { success: true, errorCodes: [] };
      case TURNSTILE_TEST_SECRETS.fails:
        return captchaFailure('invalid-input-response');
      case TURNSTILE_TEST_SECRETS.spent:
        return captchaFailure('timeout-or-duplicate');
    }
    if (token === TURNSTILE_DUMMY_TOKEN) return { success: true, errorCodes: [] };
    const issued = this.issued.get(token);
    if (!issued) return captchaFailure('invalid-input-response');
    if (issued.redeemed || this.options.clock.nowMs() >= issued.expiresAtMs) return captchaFailure('timeout-or-duplicate');
    issued.redeemed = true;
    return { success: true, errorCodes: [] };
  }
}
