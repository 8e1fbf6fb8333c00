/**
 * Whether an If-None-Match header (a list, weak validators, or `*`) names this ETag. Weak
 * comparison (RFC 9110 §13.1.2): `W/"x"` and `"x"` match, as a 304 check requires.
 */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => {
    const value = candidate.trim();
    return value === '*' || value.replace(/^W\//, '') === opaque;
  });
}

/** Adds a field to Vary without dropping the ones other hooks set (CORS adds Origin). */
export function varyOn(current: string | number | string[] | undefined, field: string): string {
  const fields = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  if (fields.includes('*') || fields.some((value) => value.toLowerCase() === field.toLowerCase())) return fields.join(', ');
  return [...fields, field].join(', ');
}
