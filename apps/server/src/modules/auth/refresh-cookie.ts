import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { REFRESH_COOKIE } from '../../platform/http/csrf.ts';

/**
 * The web app's refresh token lives in an httpOnly cookie scoped to the auth routes, so page
 * scripts can never read it and other API calls never carry it (they use the Bearer token).
 */
// One name for the cookie, shared with the CSRF check that guards the routes reading it.
export const REFRESH_COOKIE_NAME = REFRESH_COOKIE;
const COOKIE_PATH = '/api/v1/auth';

/**
 * The refresh token, or undefined when there is none. We only ever set URL-safe values, so a
 * value that is not valid percent-encoding (`ii_refresh=%`) was not ours: it counts as absent
 * (401), never as a server error.
 */
export function readRefreshCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === REFRESH_COOKIE_NAME) return decodeOrUndefined(part.slice(index + 1).trim());
  }
  return undefined;
}

function decodeOrUndefined(value: string): string | undefined {
  try {
    return decodeURIComponent(value) || undefined;
  } catch {
    return undefined;
  }
}

export function setRefreshCookie(reply: FastifyReply, config: Config, token: string, expiresAt: Date, now: Date): void {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  const attributes = [
    `${REFRESH_COOKIE_NAME}=${encodeURIComponent(token)}`,
    `Path=${COOKIE_PATH}`,
    `Max-Age=${maxAge}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(config.isProduction ? ['Secure'] : []),
  ];
  reply.header('Set-Cookie', attributes.join('; '));
}

export function clearRefreshCookie(reply: FastifyReply, config: Config): void {
  reply.header(
    'Set-Cookie',
    [`${REFRESH_COOKIE_NAME}=`, `Path=${COOKIE_PATH}`, 'Max-Age=0', 'HttpOnly', 'SameSite=Lax', ...(config.isProduction ? ['Secure'] : [])].join('; '),
  );
}
