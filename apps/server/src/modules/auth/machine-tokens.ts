import fs from 'node:fs';
import path from 'node:path';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import type { Config } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import { constantTimeEqual, randomToken } from '../../platform/crypto.ts';
import { isPermission, type Permission } from '../accounts/permissions.ts';

/**
 * Machine clients (the admin assistant, PRODUCT.md §12) call the API with OAuth2
 * client-credentials JWTs (RS256, verified against the issuer's JWKS, as WorkOS M2M issues
 * them: `sub` = `client_id`, no `sid`, space-separated `scope`). Scopes are our permission
 * names; unknown scopes are ignored.
 *
 * Without OAUTH_JWKS_URL (development and tests), a local issuer stands in: a key pair kept in
 * DATA_DIR, a token endpoint and a JWKS under /api/v1/dev/oauth — same token shape, same checks.
 */
export interface MachineIdentity {
  clientId: string;
  permissions: ReadonlySet<Permission>;
}

export class MachineTokenVerifier {
  constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly issuer: string,
    private readonly audience: string,
    private readonly clock: Clock,
  ) {}

  async verify(token: string): Promise<MachineIdentity | null> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        algorithms: ['RS256'],
        issuer: this.issuer,
        audience: this.audience,
        currentDate: this.clock.now(),
        clockTolerance: 30,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      if (payload.sid !== undefined || (payload.client_id !== undefined && payload.client_id !== payload.sub)) return null;
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
      return { clientId: payload.sub!, permissions: new Set(scopes.filter(isPermission)) };
    } catch (error) {
      if (error instanceof errors.JOSEError) return null;
      throw error;
    }
  }
}

export const DEV_OAUTH_CLIENT_ID = 'admin-assistant-dev';

/** The development stand-in for the OAuth2 authorization server. */
export class LocalOAuthIssuer {
  private constructor(
    private readonly privateJwk: JWK,
    readonly jwks: JSONWebKeySet,
    readonly issuer: string,
    readonly audience: string,
    readonly clientSecret: string,
    private readonly clock: Clock,
  ) {}

  static async open(config: Config, clock: Clock, options: { persist: boolean }): Promise<LocalOAuthIssuer> {
    const file = path.join(config.dataDir, 'oauth-dev-issuer.json');
    let stored: { privateJwk: JWK; publicJwk: JWK; clientSecret: string } | undefined;
    if (options.persist && fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!stored) {
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      const kid = randomToken(8);
      stored = {
        privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256' },
        publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
        clientSecret: randomToken(24),
      };
      if (options.persist) {
        fs.mkdirSync(config.dataDir, { recursive: true });
        fs.writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
      }
    }
    return new LocalOAuthIssuer(
      stored.privateJwk,
      { keys: [stored.publicJwk] },
      `${config.PUBLIC_URL}/api/v1/dev/oauth`,
      config.OAUTH_AUDIENCE,
      stored.clientSecret,
      clock,
    );
  }

  verifier(): MachineTokenVerifier {
    return new MachineTokenVerifier(createLocalJWKSet(this.jwks), this.issuer, this.audience, this.clock);
  }

  /** The client-credentials grant: a 1-hour token for the dev client with the requested scopes. */
  async issue(clientId: string, clientSecret: string, scope: string): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number } | null> {
    if (clientId !== DEV_OAUTH_CLIENT_ID || !constantTimeEqual(clientSecret, this.clientSecret)) return null;
    const now = Math.floor(this.clock.nowMs() / 1000);
    const key = await importJWK(this.privateJwk, 'RS256');
    const token = await new SignJWT({ client_id: clientId, scope, org_id: 'org_instainstru_dev' })
      .setProtectedHeader({ alg: 'RS256', kid: this.privateJwk.kid!, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(clientId)
      .setJti(randomToken(12))
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(key);
    return { access_token: token, token_type: 'Bearer', expires_in: 3600 };
  }
}

/** The verifier for this configuration: the real issuer's JWKS, or the local issuer's. */
export function machineVerifierFor(config: Config, clock: Clock, local: LocalOAuthIssuer | null): MachineTokenVerifier | null {
  if (config.OAUTH_JWKS_URL && config.OAUTH_ISSUER) {
    return new MachineTokenVerifier(createRemoteJWKSet(new URL(config.OAUTH_JWKS_URL)), config.OAUTH_ISSUER, config.OAUTH_AUDIENCE, clock);
  }
  return local?.verifier() ?? null;
}
