import type { Middleware } from 'openapi-fetch';

/** What the bearer middleware needs from the session (registered by src/auth/session.ts). */
export interface AccessTokenSource {
  /** The current access token, refreshing it first when it is about to expire. */
  getFreshToken(): Promise<string | null>;
  /** Gets a new access token after a 401 (`null`: the session is over). */
  refresh(): Promise<string | null>;
}

let source: AccessTokenSource | null = null;

export function registerAccessTokenSource(next: AccessTokenSource): void {
  source = next;
}

/**
 * Session endpoints are left alone: they authenticate with the refresh cookie or the
 * credentials in their body, and a 401 from them is an answer, not an expired token.
 */
const SESSION_PATHS = new Set([
  '/api/v1/auth/register',
  '/api/v1/auth/login',
  '/api/v1/auth/refresh',
  '/api/v1/auth/logout',
]);

/** Copies of requests sent with a token, to resend once after a refresh (by request id). */
const resendable = new Map<string, Request>();

/**
 * Attaches `Authorization: Bearer <access token>` to API calls and, when one comes back 401,
 * refreshes the session once and resends the request with the new token.
 */
export const bearerMiddleware: Middleware = {
  async onRequest({ request, schemaPath, id }) {
    if (!source || SESSION_PATHS.has(schemaPath)) return undefined;
    const token = await source.getFreshToken();
    if (!token) return undefined;
    request.headers.set('Authorization', `Bearer ${token}`);
    resendable.set(id, request.clone());
    return request;
  },
  async onResponse({ response, id, options }) {
    const copy = resendable.get(id);
    resendable.delete(id);
    if (response.status !== 401 || !copy || !source) return undefined;
    const token = await source.refresh();
    if (!token) return undefined;
    copy.headers.set('Authorization', `Bearer ${token}`);
    // Called unbound: window.fetch throws "Illegal invocation" when `this` is another object.
    const send = options.fetch;
    return send(copy);
  },
  onError({ id }) {
    resendable.delete(id);
    return undefined;
  },
};
