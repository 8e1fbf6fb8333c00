import { GeocodingError } from './geocoding.port.ts';

/**
 * One GET to a geocoding provider over fetch (neither Google nor Mapbox ships a Node SDK for
 * this): network failures, timeouts, error statuses and unreadable bodies become
 * GeocodingErrors. The URL is never put in a message: it carries the API key.
 */
export async function getJson(
  provider: string,
  url: URL,
  options: { signal?: AbortSignal; permanentStatuses?: readonly number[] } = {},
): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, ...(options.signal ? { signal: options.signal } : {}) });
  } catch (cause) {
    const timedOut = (cause as Error)?.name === 'TimeoutError' || (cause as Error)?.name === 'AbortError';
    throw new GeocodingError(
      `${provider} request ${timedOut ? 'was aborted or timed out' : 'failed'}: ${(cause as Error)?.message ?? String(cause)}`,
      true,
      provider,
      timedOut ? 'timeout' : 'request_failed',
      { cause },
    );
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    body = undefined;
    if (response.ok) throw new GeocodingError(`${provider} answered with a body that is not JSON`, true, provider, 'invalid_response', { cause });
  }
  if (!response.ok) {
    const permanent = options.permanentStatuses?.includes(response.status) ?? (response.status >= 400 && response.status < 500 && response.status !== 429);
    const detail = typeof (body as { message?: unknown })?.message === 'string' ? `: ${(body as { message: string }).message}` : '';
    throw new GeocodingError(`${provider} answered HTTP ${response.status}${detail}`, !permanent, provider, `http_${response.status}`);
  }
  return { status: response.status, body };
}
