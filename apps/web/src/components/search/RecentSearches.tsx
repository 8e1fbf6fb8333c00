import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { clearSearchHistory, deleteSearchHistoryEntry, searchHistoryQuery, type SearchHistoryPage } from '../../api/discovery';
import { XIcon } from '../icons/icons';

/**
 * The signed-in user's recent searches under a search box: run one again, forget one, or
 * forget them all. Nothing shows while there are none (or they cannot be loaded: the box
 * works without them).
 */
export function RecentSearches({ onRun }: { onRun: (query: string) => void }) {
  const queryClient = useQueryClient();
  const history = useQuery(searchHistoryQuery);
  const { queryKey } = searchHistoryQuery;

  const forget = useMutation({
    mutationFn: (id: string | null) => (id === null ? clearSearchHistory() : deleteSearchHistoryEntry(id)),
    onMutate: (id) => {
      queryClient.setQueryData<SearchHistoryPage>(queryKey, (page) =>
        page && { ...page, items: id === null ? [] : page.items.filter((item) => item.id !== id) },
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey }),
  });

  // One line per distinct query, latest first: searching the same thing twice is one memory.
  const seen = new Set<string>();
  const items = (history.data?.items ?? []).filter((item) => {
    const key = item.query.trim().toLowerCase();
    if (key === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (items.length === 0) return null;

  return (
    <div className="absolute top-full right-0 left-0 z-30 mt-2 rounded-xl border border-slate-200 bg-white p-2 text-left text-slate-900 shadow-lg">
      <div className="flex items-center justify-between px-2 py-1">
        <h2 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Recent searches</h2>
        <button type="button" onClick={() => forget.mutate(null)} className="rounded px-2 py-1 text-xs font-semibold text-indigo-700 hover:bg-indigo-50">
          Clear all
        </button>
      </div>
      <ul aria-label="Recent searches">
        {items.map((item) => (
          <li key={item.id} className="flex items-center gap-1">
            <button
              type="button"
              onClick={() => onRun(item.query)}
              className="min-w-0 flex-1 truncate rounded-md px-2 py-2 text-left text-sm hover:bg-slate-100"
            >
              {item.query}
            </button>
            <button
              type="button"
              aria-label={`Forget the search “${item.query}”`}
              onClick={() => forget.mutate(item.id)}
              className="grid h-8 w-8 shrink-0 place-items-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-800"
            >
              <XIcon className="h-4 w-4" />
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
