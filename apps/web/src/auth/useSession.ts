import { useSyncExternalStore } from 'react';
import { getSessionState, subscribe, type SessionState } from './session';

/** The signed-in state of this tab; re-renders when it changes. */
export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, getSessionState);
}
