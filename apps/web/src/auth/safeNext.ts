/**
 * A `?next=` target that stays on this site: an absolute path, not `//host` or `/\host`
 * (which browsers treat as another origin). Anything else falls back.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

/** `/login?next=/account%3Ftab%3D2` for the page the visitor was trying to open. */
export function loginPathFor(next: string): string {
  return `/login?next=${encodeURIComponent(next)}`;
}
