import { randomUUID } from 'node:crypto';
import { captchaFailure, type CaptchaPort, type CaptchaVerification } from './captcha.port.ts';

/**
 * Cloudflare Turnstile's siteverify, over fetch: Cloudflare ships no server SDK. Translation
 * only: a token goes in, Cloudflare's verdict comes out in our port's shape.
 */
export const SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

/** Tokens are at most 2048 characters; a longer one cannot be valid, so Cloudflare is not asked. */
const MAX_TOKEN_LENGTH = 2048;

export interface TurnstileOptions {
  secretKey: string;
  siteKey: string;
  /** Per attempt (default 5 s): a login must not hang on a slow provider. */
  timeoutMs?: number;
}

export class TurnstileCaptcha implements CaptchaPort {
  readonly mode = 'real' as const;
  readonly siteKey: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: TurnstileOptions) {
    this.siteKey = options.siteKey;
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  async verify(token: string, remoteIp?: string): Promise<CaptchaVerification> {
    if (!token) return captchaFailure('missing-input-response');
    if (token.length > MAX_TOKEN_LENGTH) return captchaFailure('invalid-input-response');
    // One idempotency key for both attempts: the retry re-validates the same token instead of
    // finding it already spent by an attempt whose answer we never received.
    const body = {
      secret: this.options.secretKey,
      response: token,
      idempotency_key: randomUUID(),
      ...(remoteIp ? { remoteip: remoteIp } : {}),
    };
    const first = await this.siteverify(body);
    if (!first.errorCodes.includes('internal-error')) return first;
    return this.siteverify(body);
  }

  /** One call; a timeout, a network failure or an unreadable answer reads as internal-error (retryable), never as a pass. */
  private async siteverify(body: Record<string, string>): Promise<CaptchaVerification> {
    try {
      const response = await fetch(SITEVERIFY_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return parseVerdict(await response.json());
    } catch {
      return captchaFailure('internal-error');
    }
  }
}

function parseVerdict(json: unknown): CaptchaVerification {
  if (typeof json !== 'object' || json === null || typeof (json as { success?: unknown }).success !== 'boolean') {
    return captchaFailure('internal-error');
  }
  const { success, 'error-codes': codes } = json as { success: boolean; 'error-codes'?: unknown };
  const errorCodes = Array.isArray(codes) ? codes.filter((code): code is string => typeof code === 'string') : [];
  return { success, errorCodes: success ? [] : errorCodes };
}
