import { useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { ACCOUNT_KEY } from '../api/account';
import { restoreSession } from './session';
import { useSession } from './useSession';

/**
 * Restores the session from the refresh cookie when the app starts, and drops the previous
 * user's cached data (profile, sessions) as soon as the tab is signed out.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const { status } = useSession();

  useEffect(() => {
    restoreSession();
  }, []);

  useEffect(() => {
    if (status === 'signedOut') queryClient.removeQueries({ queryKey: ACCOUNT_KEY });
  }, [status, queryClient]);

  return children;
}
