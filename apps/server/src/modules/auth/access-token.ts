import { errors, jwtVerify, SignJWT } from 'jose';
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

export class AccessTokens {
  /**
   * Imported once: given raw bytes, jose imports a WebCrypto key on every call, which was most of
   * a verification's cost (every authenticated request verifies one).
   */
  private readonly key: Promise<CryptoKey>;

  constructor(
    secret: string,
    private readonly issuer: string,
    private readonly clock: Clock,
  ) {
    this.key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
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
      .sign(await this.key);
    return { token, expiresAt: new Date(expiresAtSeconds * 1000) };
  }

  /** The claims of a valid token, or null for anything else (tampered, expired, foreign, wrong type). */
  async verify(token: string): Promise<AccessClaims | null> {
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        algorithms: ['HS256'],
        issuer: this.issuer,
        audience: ACCESS_TOKEN_AUDIENCE,
        currentDate: this.clock.now(),
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      if (payload.typ !== 'access' || typeof payload.sid !== 'string' || !Array.isArray(payload.roles)) return null;
      return { userId: payload.sub!, sessionId: payload.sid, roles: payload.roles as Role[] };
    } catch (error) {
      if (error instanceof errors.JOSEError) return null;
      throw error;
    }
  }
}
