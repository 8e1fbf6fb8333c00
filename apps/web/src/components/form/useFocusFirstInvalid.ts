import { useEffect, type RefObject } from 'react';

/**
 * After a failed submission, moves focus to the first field marked invalid, so keyboard and
 * screen-reader users land on the problem (its message is read with it).
 */
export function useFocusFirstInvalid(formRef: RefObject<HTMLFormElement | null>, error: unknown): void {
  useEffect(() => {
    if (!error) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [formRef, error]);
}
