import type { ReactNode } from 'react';

export interface IconProps {
  className?: string;
  /** A name for screen readers; without one the icon is decorative (aria-hidden). */
  title?: string;
}

/**
 * The frame every icon shares: a 24×24 stroked SVG that takes the text colour. Icons are SVG,
 * never emoji, because emoji render as empty boxes on machines without an emoji font.
 */
export function Icon({ className = 'h-5 w-5', title, children }: IconProps & { children: ReactNode }) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      className={className}
      role={title ? 'img' : undefined}
      aria-label={title}
      aria-hidden={title ? undefined : true}
      focusable="false"
    >
      {children}
    </svg>
  );
}
