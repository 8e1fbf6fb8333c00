import { parseUserAgent } from '../../platform/user-agent.ts';

/**
 * Session rules (PRODUCT.md §1): a 15-minute access token and a 30-day refresh token that
 * rotates on every use. A refresh token presented again after it was rotated means it leaked
 * (or an old tab): within a short grace period (parallel tabs refreshing at once) it is
 * answered with the successor it was already rotated to, so the session stays one chain of
 * tokens; after it, the whole session is revoked.
 */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;
export const ROTATION_GRACE_MS = 30 * 1000;
export const EMAIL_VERIFICATION_TTL_MS = 48 * 60 * 60 * 1000;
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

export type RefreshDecision =
  | { action: 'rotate' }
  | { action: 'resend_successor' }
  | { action: 'reject'; reason: 'unknown' | 'revoked' | 'expired' }
  | { action: 'revoke_session'; reason: 'reuse_detected' };

export function decideRefresh(
  token: { rotatedAt: Date | null } | undefined,
  session: { revokedAt: Date | null; expiresAt: Date } | undefined,
  now: Date,
): RefreshDecision {
  if (!token || !session) return { action: 'reject', reason: 'unknown' };
  if (session.revokedAt) return { action: 'reject', reason: 'revoked' };
  if (session.expiresAt.getTime() <= now.getTime()) return { action: 'reject', reason: 'expired' };
  if (!token.rotatedAt) return { action: 'rotate' };
  if (now.getTime() - token.rotatedAt.getTime() > ROTATION_GRACE_MS) return { action: 'revoke_session', reason: 'reuse_detected' };
  return { action: 'resend_successor' };
}

/** A coarse device identity (browser family + OS) so routine browser updates are not "new devices". */
export function deviceLabel(userAgent: string): string {
  const { browser, system, isApiClient } = parseUserAgent(userAgent);
  return `${browser ?? (isApiClient ? 'API client' : 'Unknown browser')} on ${system ?? 'unknown OS'}`;
}
