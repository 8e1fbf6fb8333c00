/**
 * A fresh Idempotency-Key for one booking attempt: 32 hex digits from the browser's secure
 * random source (the API accepts 8–100 of [A-Za-z0-9_-]).
 */
export function newAttemptKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
