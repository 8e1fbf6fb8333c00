import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { DomainError } from '../errors.ts';

/**
 * Cross-site request forgery. Bearer tokens are attached by our own script, so a foreign page
 * can never send them; the refresh cookie is attached by the browser to any request for its
 * path, whoever's page started it. So a state-changing request that carries the cookie must
 * say, through Origin (or Referer when a browser omits Origin), that one of our pages sent it.
 * SameSite=Lax on the cookie is the second line, not the only one.
 */
export const REFRESH_COOKIE = 'ii_refresh';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** True when the Cookie header has a cookie with exactly this name. */
export function hasCookie(header: string | undefined, name: string): boolean {
  if (!header) return false;
  return header.split(';').some((part) => {
    const index = part.indexOf('=');
    return index >= 0 && part.slice(0, index).trim() === name;
  });
}

function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * The origin the request says it comes from: Origin when present (even "null", which a
 * sandboxed or privacy-redirected page sends and which is never allowed), else Referer's.
 */
export function claimedOrigin(headers: FastifyRequest['headers']): string | null {
  const origin = headers.origin;
  if (typeof origin === 'string') return originOf(origin);
  const referer = headers.referer;
  return typeof referer === 'string' ? originOf(referer) : null;
}

type CsrfConfig = Pick<Config, 'CORS_ORIGINS' | 'PUBLIC_URL' | 'NODE_ENV'>;

/** CORS_ORIGINS and PUBLIC_URL's origin, normalised (case, default ports, trailing slashes). */
export function allowedOrigins(config: Pick<Config, 'CORS_ORIGINS' | 'PUBLIC_URL'>): Set<string> {
  const origins = [...config.CORS_ORIGINS, config.PUBLIC_URL].map(originOf);
  return new Set(origins.filter((origin): origin is string => origin !== null));
}

// In development the web app may also be served by Vite's dev server (another localhost port) proxying to us.
const LOOPBACK_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

export function isAllowedOrigin(origin: string | null, allowed: ReadonlySet<string>, config: Pick<Config, 'NODE_ENV'>): boolean {
  if (origin === null) return false;
  return allowed.has(origin) || (config.NODE_ENV === 'development' && LOOPBACK_ORIGIN.test(origin));
}

/** Refuses (403) unsafe requests that carry the refresh cookie without an allowed Origin/Referer. */
export function registerCsrfProtection(app: FastifyInstance, config: CsrfConfig): void {
  const allowed = allowedOrigins(config);
  // onRequest: refused before any body is read.
  // Callback style: reads (safe methods) pass without a promise.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!UNSAFE_METHODS.has(request.method) || !hasCookie(request.headers.cookie, REFRESH_COOKIE)) return done();
    const origin = claimedOrigin(request.headers);
    if (isAllowedOrigin(origin, allowed, config)) return done();
    done(
      new DomainError(
        'forbidden',
        origin === null
          ? 'Cross-site requests are not allowed: this request carries the session cookie but no Origin or Referer saying which site sent it.'
          : `Cross-site requests are not allowed: ${origin} may not send requests with the session cookie.`,
      ),
    );
  });
}
