import { useEffect, useRef } from 'react';

/**
 * A ref for a heading (with tabIndex={-1}) that receives focus when it appears: used when a
 * multi-step flow replaces one step with the next, so focus is not lost on the page.
 */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
