import type { FastifyInstance } from 'fastify';
import type { Permission } from '../auth/principal.ts';

/**
 * Every API route states who may call it (ARCHITECTURE rule 7): `public`, or the named
 * permission the caller must hold. A route under /api/v1 that declares nothing fails at
 * start-up instead of becoming public by accident. The authentication hook enforces it.
 */
export type RouteAccess = 'public' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export function requireAccessDeclarations(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    const access = (route.config as { access?: RouteAccess } | undefined)?.access;
    if (!access) {
      throw new Error(`Route ${String(route.method)} ${route.url} does not declare its access (config.access)`);
    }
  });
}
