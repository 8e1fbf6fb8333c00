/**
 * Object keys: slash-separated segments of letters, digits, dots, underscores and hyphens,
 * each starting with a letter or digit. That rules out `..`, empty segments, absolute paths
 * and anything a file system or URL would read specially, so a key is safe as a relative path
 * under the local uploads directory and as a URL path without escaping.
 */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const MAX_KEY_LENGTH = 512;

export function isValidKey(key: string): boolean {
  return key.length > 0 && key.length <= MAX_KEY_LENGTH && key.split('/').every((segment) => SEGMENT.test(segment));
}

export function assertValidKey(key: string): void {
  if (!isValidKey(key)) throw new RangeError(`Invalid storage key: ${JSON.stringify(key.slice(0, 80))}`);
}

/**
 * Content types by extension, for the local disk adapter, which keeps no metadata beside the
 * file: it refuses a put whose content type disagrees with the key's extension.
 */
const CONTENT_TYPES: Record<string, string> = {
  webp: 'image/webp',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  avif: 'image/avif',
  pdf: 'application/pdf',
  json: 'application/json',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

export const FALLBACK_CONTENT_TYPE = 'application/octet-stream';

export function contentTypeForKey(key: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(key)?.[1]?.toLowerCase();
  return (extension && CONTENT_TYPES[extension]) ?? FALLBACK_CONTENT_TYPE;
}

/** `image/webp; charset=x` → `image/webp`. */
export function baseContentType(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}
