import { useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { ACCOUNT_KEY } from '../api/account';
import { DISCOVERY_KEY } from '../api/discovery';
import { restoreSession } from './session';
import { useSession } from './useSession';

/**
 * Restores the session from the refresh cookie when the app starts, and drops the previous
 * user's cached data (profile, sessions, favorites, history) as soon as the tab is signed out.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const { status } = useSession();

  useEffect(() => {
    restoreSession();
  }, []);

  useEffect(() => {
    if (status !== 'signedOut') return;
    queryClient.removeQueries({ queryKey: ACCOUNT_KEY });
    queryClient.removeQueries({ queryKey: DISCOVERY_KEY });
  }, [status, queryClient]);

  return children;
}
