import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../platform/errors.ts';
import type { LocalOAuthIssuer } from './machine-tokens.ts';

const invalidClient = () => new DomainError('unauthenticated', 'invalid_client: unknown client or wrong secret');

/**
 * client_secret_basic (RFC 6749 §2.3.1): base64 of `id:secret`, each form-urlencoded. Anything
 * that does not decode that way is a wrong credential (401), never a server error.
 */
function basicCredentials(encoded: string): { clientId: string; clientSecret: string } | null {
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    const form = (part: string) => decodeURIComponent(part.replaceAll('+', ' '));
    return { clientId: form(decoded.slice(0, colon)), clientSecret: form(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

/**
 * Development-only OAuth2 authorization server for machine clients: the client-credentials
 * token endpoint (client_secret_post or client_secret_basic) and the JWKS.
 */
export function devOAuthRoutes(issuer: LocalOAuthIssuer): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/dev/oauth/jwks',
      {
        config: { access: 'public' },
        schema: {
          tags: ['dev'],
          summary: 'JWKS of the development token issuer',
          description: 'Development only: the public keys (JWKS) that verify tokens from POST /dev/oauth/token. In production the real issuer’s JWKS is configured with OAUTH_JWKS_URL.',
        },
      },
      async () => issuer.jwks,
    );

    app.post(
      '/dev/oauth/token',
      {
        config: { access: 'public' },
        schema: {
          tags: ['dev'],
          summary: 'Client-credentials grant of the development token issuer',
          description:
            'Development only: an OAuth2 client-credentials grant (form or JSON: grant_type=client_credentials, client_id, client_secret, scope) returning an RS256 access token whose scopes are permission names. The client id and secret are printed at start.',
          body: z.object({
            grant_type: z.literal('client_credentials'),
            client_id: z.string().optional(),
            client_secret: z.string().optional(),
            scope: z.string().max(2000).default(''),
          }),
          response: { 200: z.object({ access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.number() }) },
        },
      },
      async (request) => {
        let { client_id: clientId, client_secret: clientSecret } = request.body;
        const basic = request.headers.authorization;
        if (basic?.startsWith('Basic ')) {
          const credentials = basicCredentials(basic.slice(6));
          if (!credentials) throw invalidClient();
          ({ clientId, clientSecret } = credentials);
        }
        const token = await issuer.issue(clientId ?? '', clientSecret ?? '', request.body.scope);
        if (!token) throw invalidClient();
        return token;
      },
    );
  };
}
