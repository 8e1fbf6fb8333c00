const DEFAULT_LIFETIME_MS = 15 * 60 * 1000;

/**
 * How long an access token (a JWT) is valid, from its own `iat` and `exp` claims. Only the
 * difference is used: the server's clock and this browser's may disagree, so the expiry is
 * counted from when the token arrived. The token is not verified here (the API does that).
 */
export function accessTokenLifetimeMs(jwt: string): number {
  try {
    const payload = jwt.split('.')[1];
    if (!payload) return DEFAULT_LIFETIME_MS;
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { iat?: unknown; exp?: unknown };
    if (typeof claims.iat === 'number' && typeof claims.exp === 'number' && claims.exp > claims.iat) {
      return (claims.exp - claims.iat) * 1000;
    }
  } catch {
    // Not a JWT we can read: assume the documented lifetime.
  }
  return DEFAULT_LIFETIME_MS;
}
