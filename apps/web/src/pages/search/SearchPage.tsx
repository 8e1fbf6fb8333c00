import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { searchHistoryQuery } from '../../api/discovery';
import { searchQuery, type SearchSort } from '../../api/search';
import { ErrorState } from '../../components/ErrorState';
import { inputClass } from '../../components/form/styles';
import { LoadingState } from '../../components/LoadingState';
import { ServiceAreaMap } from '../instructors/ServiceAreaMap';
import { NearMePanel } from './NearMePanel';
import { ParseChips } from './ParseChips';
import { Relaxations } from './Relaxations';
import { ResultCard } from './ResultCard';
import { SORTS, searchRequestFrom, withParams } from './searchUrl';

/**
 * `/search?q=…&<overrides>`: what the search understood as chips, the matching instructors with
 * their next open times, and the neighborhoods searched on a map. The URL is the state: a chip
 * removed or edited, a sort chosen, a suggestion taken or a location shared is a new URL.
 */
export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const request = useMemo(() => searchRequestFrom(params), [params]);
  const search = useInfiniteQuery(searchQuery(request));
  const queryClient = useQueryClient();
  // A signed-in search becomes history once the server has answered it: only then is the history worth reading again.
  useEffect(() => {
    if (search.isSuccess) void queryClient.invalidateQueries({ queryKey: searchHistoryQuery.queryKey });
  }, [search.isSuccess, search.dataUpdatedAt, queryClient]);
  const query = params.get('q') ?? '';
  const sortId = useId();

  const change = useCallback(
    (changes: Record<string, string | null>) => setParams((current) => withParams(current, changes)),
    [setParams],
  );

  const first = search.data?.pages[0];
  const items = search.data?.pages.flatMap((p) => p.items) ?? [];
  const mapped = first?.parsed.location?.neighborhoods ?? [];
  const hasPoint = 'lat' in request;

  return (
    <div className="py-6">
      <title>{query ? `${query} · Search · InstaInstru` : 'Search · InstaInstru'}</title>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-xl font-bold tracking-tight break-words text-slate-900 sm:text-3xl">{query ? `Results for “${query}”` : 'Find an instructor'}</h1>
          {search.isSuccess && (
            <p role="status" className="mt-1 text-sm text-slate-600">
              {items.length === 0 ? 'No instructors found' : `${items.length}${search.hasNextPage ? '+' : ''} ${items.length === 1 ? 'instructor' : 'instructors'} with open times`}
            </p>
          )}
        </div>
        <div className="w-52">
          <label htmlFor={sortId} className="block text-sm font-semibold text-slate-800">
            Sort by
          </label>
          <select
            id={sortId}
            value={(params.get('sort') as SearchSort | null) ?? 'relevance'}
            onChange={(e) => change({ sort: e.target.value === 'relevance' ? null : e.target.value })}
            className={`mt-1 ${inputClass(false)}`}
          >
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      </div>

      {first && (
        <div className="mt-4">
          <ParseChips parsed={first.parsed} query={query} onChange={change} />
        </div>
      )}
      {first?.needsLocation && !hasPoint && (
        <div className="mt-4">
          <NearMePanel onChange={change} />
        </div>
      )}

      <div className="mt-6 grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <section aria-label="Results" className="min-w-0">
          {search.isPending ? (
            <LoadingState label="Searching…" cards={3} />
          ) : !search.data ? (
            <ErrorState error={search.error} onRetry={() => void search.refetch()} retrying={search.isFetching} />
          ) : items.length === 0 ? (
            <Relaxations relaxations={first?.relaxations ?? []} onApply={change} />
          ) : (
            <>
              <ul aria-label="Instructors found" className="space-y-4">
                {items.map((result) => (
                  <li key={`${result.instructor.id}-${result.service.id}`}>
                    <ResultCard result={result} />
                  </li>
                ))}
              </ul>
              {search.hasNextPage && (
                <div className="mt-6 flex justify-center">
                  <button
                    type="button"
                    onClick={() => void search.fetchNextPage()}
                    disabled={search.isFetchingNextPage}
                    className="rounded-xl border border-slate-300 bg-white px-5 py-2.5 font-semibold text-slate-800 shadow-sm hover:bg-slate-50 disabled:cursor-wait disabled:opacity-70"
                  >
                    {search.isFetchingNextPage ? 'Loading…' : 'Load more'}
                  </button>
                </div>
              )}
              {search.isFetchNextPageError && <ErrorState error={search.error} onRetry={() => void search.fetchNextPage()} />}
            </>
          )}
        </section>
        {mapped.length > 0 && (
          <aside aria-label="Where you searched" className="lg:sticky lg:top-4 lg:self-start">
            <ServiceAreaMap served={mapped} studio={null} label={`Map of ${first?.parsed.location?.name ?? 'the neighborhoods searched'}`} />
            <p className="mt-2 text-xs text-slate-600">The neighborhoods you searched: every instructor listed can teach there.</p>
          </aside>
        )}
      </div>
    </div>
  );
}
