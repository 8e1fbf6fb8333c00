import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { recentlyViewedQuery, recordRecentlyViewed } from '../../api/discovery';
import { useCan } from '../../auth/useSession';

/**
 * Tells the server a signed-in user opened this public profile (for "Recently viewed" on the
 * home page), once per profile opened. A failure is ignored: it only costs a line in that row.
 */
export function useRecordView(instructorId: string | null) {
  const queryClient = useQueryClient();
  // Only accounts that keep a history (students, admins): an instructor-only account would get 403.
  const signedIn = useCan('search:history_own');
  useEffect(() => {
    if (!signedIn || !instructorId) return;
    recordRecentlyViewed(instructorId).then(
      () => queryClient.invalidateQueries({ queryKey: recentlyViewedQuery.queryKey }),
      () => undefined,
    );
  }, [signedIn, instructorId, queryClient]);
}
