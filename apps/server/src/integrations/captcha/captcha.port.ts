import type { AdapterMode } from '../modes.ts';

/** The outcome of checking a CAPTCHA token, in Turnstile's words (its `error-codes`). */
export interface CaptchaVerification {
  success: boolean;
  /**
   * Empty on success. Turnstile's codes: missing-input-response, invalid-input-response,
   * timeout-or-duplicate (already redeemed, or older than 300 s), internal-error (the provider
   * could not answer: callers may say "try again" rather than "wrong"), bad-request,
   * missing-input-secret, invalid-input-secret (our configuration is wrong).
   */
  errorCodes: string[];
}

/**
 * A human check before risky actions (sign-in after failures). `real`: Cloudflare Turnstile;
 * `fake`: a local stand-in with Cloudflare's test keys; `disabled`: no CAPTCHA configured in
 * production, so nothing is asked for (`siteKey` null) and every verification passes.
 */
export interface CaptchaPort {
  readonly mode: AdapterMode;
  /** What the web app renders the widget with; null when there is no CAPTCHA to show. */
  readonly siteKey: string | null;
  verify(token: string, remoteIp?: string): Promise<CaptchaVerification>;
}

export const captchaFailure = (code: string): CaptchaVerification => ({ success: false, errorCodes: [code] });
