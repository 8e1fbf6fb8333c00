import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useBlocker } from 'react-router';

interface UnsavedChangesApi {
  report(key: string, dirty: boolean): void;
}

const UnsavedContext = createContext<UnsavedChangesApi | null>(null);

const QUESTION = 'You have changes that are not saved yet. Leave without saving them?';

/**
 * Asks before leaving a page (a wizard step, the dashboard) while one of its forms holds edits
 * that were not saved: in-app navigation via the router, closing or reloading the tab via
 * beforeunload. One per page: the router allows a single blocker at a time.
 */
export function UnsavedChangesGuard({ children }: { children: ReactNode }) {
  const [dirtyKeys, setDirtyKeys] = useState<ReadonlySet<string>>(() => new Set());
  const report = useCallback((key: string, dirty: boolean) => {
    setDirtyKeys((current) => {
      if (current.has(key) === dirty) return current;
      const next = new Set(current);
      if (dirty) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);
  const api = useMemo(() => ({ report }), [report]);
  const anyDirty = dirtyKeys.size > 0;

  const blocker = useBlocker(({ currentLocation, nextLocation }) => anyDirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm(QUESTION)) blocker.proceed();
    else blocker.reset();
  }, [blocker]);

  useEffect(() => {
    if (!anyDirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [anyDirty]);

  return <UnsavedContext.Provider value={api}>{children}</UnsavedContext.Provider>;
}

/** A form says whether it holds unsaved edits (no-op outside a guard). */
export function useReportUnsaved(key: string, dirty: boolean): void {
  const context = useContext(UnsavedContext);
  useEffect(() => {
    context?.report(key, dirty);
  }, [context, key, dirty]);
  // Unmounted forms hold nothing.
  useEffect(() => () => context?.report(key, false), [context, key]);
}

/**
 * For a form whose fields are many: edited once anything in it changes, clean again after a
 * successful save (`markSaved`). Pass `onChange` to the <form>: change events bubble.
 */
export function useEditedSinceSave(key: string) {
  const [edited, setEdited] = useState(false);
  useReportUnsaved(key, edited);
  return {
    onChange: () => setEdited(true),
    markEdited: () => setEdited(true),
    markSaved: () => setEdited(false),
  };
}
