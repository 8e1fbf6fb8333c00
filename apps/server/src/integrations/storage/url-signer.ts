import { constantTimeEqual, hmacSha256 } from '../../platform/crypto.ts';
import type { Clock } from '../../platform/clock.ts';

/**
 * HMAC-signed, expiring links to GET /api/v1/media/{key}: how the local adapters hand out
 * private objects, the way S3 presigned URLs do. The expiry is the end of a time window (half
 * the TTL long), so one object keeps one URL for a while and caches work.
 */
export interface SignedLink {
  expires: number;
  signature: string;
}

export class UrlSigner {
  constructor(
    private readonly key: string,
    private readonly clock: Clock,
  ) {}

  /** Derives the signing key from a server secret, so it differs from every other use of that secret. */
  static fromSecret(secret: string, clock: Clock): UrlSigner {
    return new UrlSigner(hmacSha256(secret, 'instainstru:storage-urls:v1'), clock);
  }

  sign(key: string, ttlSeconds: number): SignedLink {
    const windowSeconds = Math.max(1, Math.floor(ttlSeconds / 2));
    const nowSeconds = Math.floor(this.clock.nowMs() / 1000);
    const windowStart = nowSeconds - (nowSeconds % windowSeconds);
    const expires = windowStart + ttlSeconds;
    return { expires, signature: this.signatureOf(key, expires) };
  }

  /** 'valid', or why not: a link never says which part of it was wrong beyond that. */
  verify(key: string, expires: number, signature: string): 'valid' | 'expired' | 'invalid' {
    if (!constantTimeEqual(this.signatureOf(key, expires), signature)) return 'invalid';
    return expires * 1000 <= this.clock.nowMs() ? 'expired' : 'valid';
  }

  /** Seconds until the link stops working (for Cache-Control). */
  secondsLeft(expires: number): number {
    return Math.max(0, expires - Math.floor(this.clock.nowMs() / 1000));
  }

  private signatureOf(key: string, expires: number): string {
    return hmacSha256(this.key, `GET\n${key}\n${expires}`);
  }
}

export const MEDIA_ROUTE_PREFIX = '/api/v1/media/';

export function mediaUrl(baseUrl: string, key: string, link: SignedLink): string {
  return `${baseUrl}${MEDIA_ROUTE_PREFIX}${key}?expires=${link.expires}&signature=${link.signature}`;
}
