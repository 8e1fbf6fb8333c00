import { createHmac, timingSafeEqual } from 'node:crypto';
import { SignJWT } from 'jose';
import { BoundedMap } from '../../platform/bounded-map.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Role } from '../accounts/permissions.ts';
import { ACCESS_TOKEN_TTL_SECONDS } from './session.policy.ts';

/**
 * Access tokens: HS256 JWTs signed with JWT_SECRET, 15 minutes, naming the user and the
 * session. Verification pins the algorithm (no `none`, no RS/HS confusion), the issuer and the
 * audience, and uses the injected clock.
 */
export const ACCESS_TOKEN_AUDIENCE = 'instainstru-app';

export interface AccessClaims {
  userId: string;
  sessionId: string;
  roles: Role[];
}

/** Verified tokens remembered at most (the oldest goes first): a few MB. */
const MAX_REMEMBERED_TOKENS = 10_000;

interface VerifiedToken {
  claims: AccessClaims;
  /** Seconds since the epoch: checked again on every use, on the injected clock. */
  exp: number;
  nbf: number | undefined;
}

export class AccessTokens {
  /**
   * Tokens this process signed or verified, by their exact text: a client sends the same token
   * for its 15 minutes, and only its time claims can change their answer, so those alone are
   * checked again. Any other text (one byte differs) is verified in full.
   */
  private readonly verified = new BoundedMap<string, VerifiedToken>(MAX_REMEMBERED_TOKENS);
  /** For signing (once per login or refresh): jose, with the key imported into WebCrypto once. */
  private readonly signingKey: Promise<CryptoKey>;
  /** For verifying (every authenticated request): node:crypto's synchronous HMAC. */
  private readonly secret: Buffer;

  constructor(
    secret: string,
    private readonly issuer: string,
    private readonly clock: Clock,
  ) {
    this.secret = Buffer.from(secret, 'utf8');
    this.signingKey = crypto.subtle.importKey('raw', new Uint8Array(this.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  }

  async sign(claims: AccessClaims): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(this.clock.nowMs() / 1000);
    const expiresAtSeconds = issuedAt + ACCESS_TOKEN_TTL_SECONDS;
    const token = await new SignJWT({ sid: claims.sessionId, roles: claims.roles, typ: 'access' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(this.issuer)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAtSeconds)
      .sign(await this.signingKey);
    // The requests that follow a login or a refresh carry this token: no need to check our own signature.
    this.remember(token, { userId: claims.userId, sessionId: claims.sessionId, roles: [...claims.roles] }, expiresAtSeconds, undefined);
    return { token, expiresAt: new Date(expiresAtSeconds * 1000) };
  }

  /**
   * The claims of a valid token, or null for anything else (tampered, expired, foreign, wrong type).
   *
   * Verified here rather than by jose's jwtVerify, which goes through WebCrypto's asynchronous
   * HMAC job: ~0.4 ms of CPU per request under load, where this takes microseconds. It checks
   * what jwtVerify was asked to: the signature first (constant-time, over the exact bytes
   * received, canonical base64url only), then a header that is exactly HS256 with no `crit`
   * extensions (so no `none`, no RS/HS confusion), then the issuer, the audience, `exp` after now
   * (the injected clock), `nbf` if present, and `sub`, `exp`, `iat` present. access-token.test.ts
   * holds it to jose's answers.
   */
  async verify(token: string): Promise<AccessClaims | null> {
    return this.verifySync(token);
  }

  private verifySync(token: string): AccessClaims | null {
    const now = Math.floor(this.clock.nowMs() / 1000);
    const known = this.verified.get(token);
    if (known) return inTime(known, now) ? known.claims : null;
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
    const signature = canonicalBase64url(encodedSignature);
    if (!signature) return null;
    const expected = createHmac('sha256', this.secret).update(`${encodedHeader}.${encodedPayload}`).digest();
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return null;

    const header = jsonObject(encodedHeader);
    if (!header || header['alg'] !== 'HS256' || 'crit' in header || ('b64' in header && header['b64'] !== true)) return null;
    const payload = jsonObject(encodedPayload);
    if (!payload) return null;
    const { sub, exp, iat, nbf, iss, aud, typ, sid, roles } = payload;
    if (typeof sub !== 'string' || !isNumericDate(exp) || !isNumericDate(iat)) return null;
    if (nbf !== undefined && !isNumericDate(nbf)) return null;
    if (!inTime({ exp, nbf }, now)) return null;
    if (iss !== this.issuer) return null;
    if (!(aud === ACCESS_TOKEN_AUDIENCE || (Array.isArray(aud) && aud.includes(ACCESS_TOKEN_AUDIENCE)))) return null;
    if (typ !== 'access' || typeof sid !== 'string' || !Array.isArray(roles)) return null;
    return this.remember(token, { userId: sub, sessionId: sid, roles: roles as Role[] }, exp, nbf as number | undefined);
  }

  /** Keeps a valid token's claims (frozen: every request with the token gets the same object). */
  private remember(token: string, claims: AccessClaims, exp: number, nbf: number | undefined): AccessClaims {
    Object.freeze(claims.roles);
    const frozen = Object.freeze(claims);
    this.verified.set(token, { claims: frozen, exp, nbf });
    return frozen;
  }
}

/** The bytes of a base64url segment, or null unless it is written the one canonical way (no padding, no stray characters). */
function canonicalBase64url(segment: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) return null;
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : null;
}

/** A segment's JSON object, or null for anything else (bad base64url, bad JSON, not an object). */
function jsonObject(segment: string): Record<string, unknown> | null {
  const bytes = canonicalBase64url(segment);
  if (!bytes) return null;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Whether `now` (seconds) is before `exp` and not before `nbf`: the only claims that change a verified token's answer. */
function inTime(token: { exp: number; nbf: number | undefined }, now: number): boolean {
  return token.exp > now && (token.nbf === undefined || token.nbf <= now);
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
