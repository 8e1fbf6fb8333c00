import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useCan } from '../../auth/useSession';
import { searchPathFor } from '../../pages/search/searchUrl';
import { SearchIcon } from '../icons/icons';
import { RecentSearches } from './RecentSearches';

interface SearchBoxProps {
  /** `hero`: the big box on the home page; `header`: the compact one in the site header. */
  variant: 'hero' | 'header';
  initialQuery?: string;
}

const styles = {
  hero: {
    input: 'h-14 w-full rounded-xl border-0 bg-white pr-32 pl-12 text-lg text-slate-900 shadow-sm placeholder:text-slate-500 focus:ring-2 focus:ring-amber-300 focus:outline-none',
    icon: 'left-4 h-5 w-5',
    button: 'right-2 h-10 px-5',
  },
  header: {
    input: 'h-10 w-full rounded-lg border border-slate-300 bg-white pr-20 pl-9 text-sm text-slate-900 placeholder:text-slate-500 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200 focus:outline-none',
    icon: 'left-3 h-4 w-4',
    button: 'right-1 h-8 px-3 text-sm',
  },
} as const;

/**
 * One box for a search in plain English; it opens `/search?q=…`. Under it, while it has focus,
 * a signed-in user sees their recent searches (each can be run again or forgotten).
 */
export function SearchBox({ variant, initialQuery = '' }: SearchBoxProps) {
  const [query, setQuery] = useState(initialQuery);
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const keepsHistory = useCan('search:history_own');
  const queryClient = useQueryClient();
  const rootRef = useRef<HTMLFormElement>(null);
  const id = useId();
  const style = styles[variant];

  useEffect(() => setQuery(initialQuery), [initialQuery]);

  useEffect(() => {
    if (!open) return;
    function onPointerDown(event: PointerEvent) {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    }
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  function run(text: string) {
    const trimmed = text.trim();
    if (trimmed === '') return;
    setOpen(false);
    // A search typed (or picked from history) is asked again, not served from the cache: open
    // times move, and a signed-in user's search belongs in their history (the results page
    // refreshes the history once the server has answered).
    void queryClient.invalidateQueries({ queryKey: ['search'] });
    void navigate(searchPathFor(trimmed));
  }

  return (
    <form
      ref={rootRef}
      role="search"
      aria-label={variant === 'hero' ? 'Search lessons' : 'Search lessons (site header)'}
      className="relative w-full"
      onSubmit={(event) => {
        event.preventDefault();
        run(query);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') setOpen(false);
      }}
      onFocus={() => setOpen(true)}
      onBlur={(event) => {
        if (!rootRef.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <label htmlFor={`${id}-q`} className="sr-only">
        What do you want to learn?
      </label>
      <span className={`pointer-events-none absolute top-1/2 -translate-y-1/2 text-slate-500 ${style.icon}`}>
        <SearchIcon className="h-full w-full" />
      </span>
      <input
        id={`${id}-q`}
        type="search"
        name="q"
        value={query}
        maxLength={256}
        autoComplete="off"
        enterKeyHint="search"
        placeholder={variant === 'hero' ? 'Piano for my 8 year old in Park Slope under $90' : 'Search lessons'}
        onChange={(event) => setQuery(event.target.value)}
        className={style.input}
      />
      <button
        type="submit"
        className={`absolute top-1/2 -translate-y-1/2 rounded-lg bg-indigo-600 font-semibold text-white hover:bg-indigo-700 ${style.button}`}
      >
        Search
      </button>
      {open && keepsHistory && <RecentSearches onRun={run} />}
    </form>
  );
}
