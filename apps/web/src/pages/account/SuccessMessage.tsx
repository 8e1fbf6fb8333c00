import type { ReactNode, Ref } from 'react';

/**
 * A confirmation after a change, announced politely (role="status"). Focusable from script,
 * for flows whose last step disappears (focus moves here instead of to the page's start).
 */
export function SuccessMessage({ children, ref }: { children: ReactNode; ref?: Ref<HTMLParagraphElement> }) {
  return (
    <p
      ref={ref}
      role="status"
      tabIndex={-1}
      className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900 focus:outline-none"
    >
      {children}
    </p>
  );
}
