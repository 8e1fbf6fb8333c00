import type { AuthResult, SessionUser } from '../api/auth';
import { registerAccessTokenSource } from '../api/bearer';
import { api } from '../api/client';
import { accessTokenLifetimeMs } from './accessToken';

/**
 * The signed-in state of this tab. The access token lives in memory only (never in storage);
 * the httpOnly refresh cookie, which scripts cannot read, restores it on start and renews it
 * before it expires. Each tab refreshes on its own.
 */
export type SessionState =
  | { status: 'restoring' }
  /** `loggedOut`: the user chose to (pages then leave for home, not for the login form). */
  | { status: 'signedOut'; reason: 'loggedOut' | 'noSession' }
  | { status: 'signedIn'; user: SessionUser };

interface AccessToken {
  value: string;
  /** Local clock times (ms): the server's clock may differ from this browser's. */
  refreshAtMs: number;
  expiresAtMs: number;
}

let state: SessionState = { status: 'restoring' };
let token: AccessToken | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let inflightRefresh: Promise<string | null> | null = null;
let restoreStarted = false;
const listeners = new Set<() => void>();

function setState(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const getSessionState = (): SessionState => state;

/** Signs this tab in with the answer of login, sign-up or refresh. */
export function startSession(result: AuthResult): void {
  const lifetimeMs = accessTokenLifetimeMs(result.accessToken);
  const now = Date.now();
  // Renew a minute early (or at three quarters of a short lifetime).
  const margin = Math.min(60_000, lifetimeMs / 4);
  token = { value: result.accessToken, expiresAtMs: now + lifetimeMs, refreshAtMs: now + lifetimeMs - margin };
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void refreshSession(), token.refreshAtMs - now);
  setState({ status: 'signedIn', user: result.user });
}

/** Forgets the token and the user (the cookie is cleared by `POST /auth/logout`). */
export function endSession(reason: 'loggedOut' | 'noSession' = 'noSession'): void {
  token = null;
  clearTimeout(refreshTimer);
  setState({ status: 'signedOut', reason });
}

/** Keeps the header and the rest of the app in step after a profile change. */
export function updateSessionUser(patch: Partial<SessionUser>): void {
  if (state.status === 'signedIn') setState({ status: 'signedIn', user: { ...state.user, ...patch } });
}

async function requestRefresh(): Promise<string | null> {
  try {
    const { data, response } = await api.POST('/api/v1/auth/refresh');
    if (response.ok && data) {
      startSession(data);
      return data.accessToken;
    }
    // 401: no session (or it was revoked). Anything else: keep a still-valid token.
    if (response.status === 401 || !token || Date.now() >= token.expiresAtMs) endSession();
  } catch {
    if (!token || Date.now() >= token.expiresAtMs) endSession();
  }
  return null;
}

/**
 * Exchanges the refresh cookie for a new access token. Concurrent callers share one request:
 * the cookie rotates, and presenting a rotated one again would revoke the whole session.
 */
export function refreshSession(): Promise<string | null> {
  inflightRefresh ??= requestRefresh().finally(() => {
    inflightRefresh = null;
  });
  return inflightRefresh;
}

/** Once per page load: restores the session from the refresh cookie, if there is one. */
export function restoreSession(): void {
  if (restoreStarted) return;
  restoreStarted = true;
  void refreshSession();
}

/** Logs out on the server (clears the cookie), then here, whatever the server answered. */
export async function logOut(): Promise<void> {
  try {
    await api.POST('/api/v1/auth/logout');
  } catch {
    // Offline: the session ends here anyway; the server expires it on its own.
  } finally {
    endSession('loggedOut');
  }
}

registerAccessTokenSource({
  async getFreshToken() {
    if (!token) return inflightRefresh ? inflightRefresh : null;
    if (Date.now() < token.refreshAtMs) return token.value;
    return (await refreshSession()) ?? null;
  },
  refresh: refreshSession,
});
