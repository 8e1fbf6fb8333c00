import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.ts';
import { DomainError } from '../errors.ts';
import type { RouteAccess } from './access.ts';
import { limitsForRoute } from './rate-limit.ts';
import { routeOptionsOf } from './route-options.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Declared by a public route whose answer is the same for every caller and whose handler
     * never reads `request.principal` (the cached public reads): a Bearer token sent there is
     * then not looked up. Opt-in, so a public route that does look at the caller (health
     * details) is never handed a silent null.
     */
    anonymous?: boolean;
    /** Set at registration: false where the route is anonymous and no rate limit reads the principal. */
    resolvePrincipal?: boolean;
  }
}

/**
 * Turns `Authorization: Bearer …` into `request.principal`, then enforces the route's declared
 * access before anything else runs (no body is parsed for a caller who may not call).
 * 401: no valid credentials; 403: valid credentials without the permission.
 *
 * A public route declared `anonymous` whose rate limits are all per address or global never
 * needs the principal, so a Bearer token sent there costs no lookup: the token is not resolved
 * and `request.principal` stays null. A per-user or computed limit (which may read the
 * principal) keeps the lookup, and so does every route not declared anonymous.
 */
export type Authenticator = (bearerToken: string) => Promise<Principal | null>;

export function registerAuthentication(app: FastifyInstance, authenticate: Authenticator): void {
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    const config = route.config as { access?: RouteAccess; anonymous?: boolean; rateLimit?: Parameters<typeof limitsForRoute>[1] } | undefined;
    if (config?.access !== 'public' || config.anonymous !== true) return;
    const needed = limitsForRoute(route.url, config.rateLimit).some((limit) => limit.by !== 'ip' && limit.by !== 'global');
    route.config = { ...config, resolvePrincipal: needed };
  });
  app.addHook('onRequest', (request, _reply, done) => {
    const header = request.headers.authorization;
    if (header === undefined) {
      // Nothing to resolve, no promise: only the access check remains.
      const access = routeOptionsOf(request).config?.access;
      if (!access || access === 'public') return done();
      return done(new DomainError('unauthenticated', 'You need to log in to do this.'));
    }
    if (routeOptionsOf(request).config?.resolvePrincipal === false) return done();
    resolveAndCheck(request, header).then(() => done(), done);
  });

  async function resolveAndCheck(request: FastifyRequest, header: string): Promise<void> {
    const access = routeOptionsOf(request).config?.access as RouteAccess | undefined;
    let invalidToken = false;
    if (header.startsWith('Bearer ')) {
      request.principal = await authenticate(header.slice(7).trim());
      invalidToken = request.principal === null;
    }
    if (!access || access === 'public') return;
    if (!request.principal) {
      throw new DomainError(
        'unauthenticated',
        invalidToken ? 'Your access token is invalid or has expired. Refresh it or log in again.' : 'You need to log in to do this.',
      );
    }
    if (!request.principal.permissions.has(access)) {
      throw new DomainError('forbidden', `This needs the "${access}" permission, which your account does not have.`);
    }
  }
}
