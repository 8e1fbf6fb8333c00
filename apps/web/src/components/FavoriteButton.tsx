import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { addFavorite, favoritesQuery, removeFavorite, type FavoritesPage, type InstructorSummary } from '../api/discovery';
import { loginPathFor } from '../auth/safeNext';
import { useCan, useSession } from '../auth/useSession';
import { HeartIcon } from './icons/icons';

const base = 'grid h-10 w-10 shrink-0 place-items-center rounded-full border bg-white shadow-sm transition hover:bg-rose-50';

/**
 * The heart on a result card or a profile. Signed in, it saves or forgets the instructor at once
 * (optimistically, put back if the server refuses); signed out, it is a link to log in that
 * comes back to this page.
 */
export function FavoriteButton({ instructor }: { instructor: InstructorSummary }) {
  const session = useSession();
  const location = useLocation();
  // An instructor-only account keeps no favorites (the API answers 403): no heart to press in vain.
  const canSave = useCan('favorites:manage_own');
  if (session.status === 'restoring') return <span aria-hidden="true" className="h-10 w-10" />;
  if (session.status !== 'signedIn') {
    return (
      <Link
        to={loginPathFor(`${location.pathname}${location.search}`)}
        aria-label={`Log in to save ${instructor.name} to your favorites`}
        className={`${base} border-slate-300 text-slate-500`}
      >
        <HeartIcon className="h-5 w-5" />
      </Link>
    );
  }
  return canSave ? <SignedInHeart instructor={instructor} /> : null;
}

function SignedInHeart({ instructor }: { instructor: InstructorSummary }) {
  const queryClient = useQueryClient();
  const favorites = useQuery(favoritesQuery);
  const [failed, setFailed] = useState(false);
  const saved = favorites.data?.items.some((item) => item.instructor.id === instructor.id) ?? false;
  const { queryKey } = favoritesQuery;

  const toggle = useMutation({
    mutationFn: (save: boolean) => (save ? addFavorite(instructor.id) : removeFavorite(instructor.id)),
    onMutate: async (save) => {
      setFailed(false);
      await queryClient.cancelQueries({ queryKey });
      const previous = queryClient.getQueryData<FavoritesPage>(queryKey);
      queryClient.setQueryData<FavoritesPage>(queryKey, (page) => {
        const items = (page?.items ?? []).filter((item) => item.instructor.id !== instructor.id);
        // favoritedAt is the server's to say; the refetch after the answer brings the real one.
        return { nextCursor: page?.nextCursor ?? null, items: save ? [{ instructor, favoritedAt: new Date().toISOString() }, ...items] : items };
      });
      return { previous };
    },
    onError: (_error, _save, context) => {
      queryClient.setQueryData(queryKey, context?.previous);
      setFailed(true);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey }),
  });

  return (
    <span className="relative inline-flex flex-col items-end">
      <button
        type="button"
        aria-pressed={saved}
        aria-label={`Favorite ${instructor.name}`}
        disabled={favorites.isPending}
        onClick={() => toggle.mutate(!saved)}
        className={`${base} ${saved ? 'border-rose-300 text-rose-600' : 'border-slate-300 text-slate-500'} disabled:opacity-60`}
      >
        <HeartIcon className={`h-5 w-5 ${saved ? 'fill-current' : ''}`} />
      </button>
      {failed && (
        <span role="alert" className="absolute top-11 right-0 z-10 w-44 rounded-lg bg-red-50 px-2 py-1 text-xs text-red-800 shadow">
          Could not update your favorites. Try again.
        </span>
      )}
    </span>
  );
}
