import { useSyncExternalStore } from 'react';
import { getSessionState, subscribe, type SessionState } from './session';

/** The signed-in state of this tab; re-renders when it changes. */
export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, getSessionState);
}

/** Whether the signed-in user may do this (the API lists each user's permissions); false when signed out. */
export function useCan(permission: string): boolean {
  const session = useSession();
  return session.status === 'signedIn' && (session.user.permissions?.includes(permission) ?? false);
}
