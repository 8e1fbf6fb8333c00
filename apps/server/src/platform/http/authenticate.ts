import type { FastifyInstance } from 'fastify';
import type { Principal } from '../auth/principal.ts';
import { DomainError } from '../errors.ts';
import type { RouteAccess } from './access.ts';

/**
 * Turns `Authorization: Bearer …` into `request.principal`, then enforces the route's declared
 * access before anything else runs (no body is parsed for a caller who may not call).
 * 401: no valid credentials; 403: valid credentials without the permission.
 */
export type Authenticator = (bearerToken: string) => Promise<Principal | null>;

export function registerAuthentication(app: FastifyInstance, authenticate: Authenticator): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    const access = request.routeOptions.config?.access as RouteAccess | undefined;
    let invalidToken = false;
    if (header?.startsWith('Bearer ')) {
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
  });
}
