import { GeocodingError, type GeocodeResult, type Geocoder } from './geocoding.port.ts';

/**
 * Asks each geocoder in turn (Google, Mapbox, then the offline gazetteer) and returns the
 * first match. Each one gets its own time limit, so a slow provider costs at most that long
 * before the next is asked; a failure or "not found" moves on as well. Null only when none
 * found the address; a GeocodingError only when every one of them failed.
 */
export const DEFAULT_GEOCODER_TIMEOUT_MS = 2_500;

export interface ChainOptions {
  /** Per geocoder, in milliseconds (default 2.5 s). */
  timeoutMs?: number;
  /** Told about each failure the chain recovered from (for logs and metrics). */
  onFailure?: (error: GeocodingError) => void;
}

export class ChainedGeocoder implements Geocoder {
  readonly name: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly geocoders: readonly Geocoder[],
    private readonly options: ChainOptions = {},
  ) {
    if (geocoders.length === 0) throw new Error('A geocoder chain needs at least one geocoder');
    this.name = geocoders.map((geocoder) => geocoder.name).join(' → ');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_GEOCODER_TIMEOUT_MS;
  }

  async geocode(address: string, options: { signal?: AbortSignal } = {}): Promise<GeocodeResult | null> {
    const failures: GeocodingError[] = [];
    for (const geocoder of this.geocoders) {
      options.signal?.throwIfAborted();
      try {
        const found = await this.attempt(geocoder, address, options.signal);
        if (found) return found;
      } catch (error) {
        // The caller gave up: that is not the provider's failure, and nobody else should be asked.
        if (options.signal?.aborted) throw options.signal.reason;
        const failure =
          error instanceof GeocodingError
            ? error
            : new GeocodingError(`${geocoder.name} failed: ${(error as Error)?.message ?? String(error)}`, true, geocoder.name, 'unexpected', { cause: error });
        failures.push(failure);
        this.options.onFailure?.(failure);
      }
    }
    if (failures.length === this.geocoders.length) {
      throw new GeocodingError(
        `Every geocoder failed: ${failures.map((failure) => `${failure.provider} (${failure.code})`).join(', ')}`,
        failures.some((failure) => failure.retryable),
        this.name,
        'all_failed',
        { cause: failures },
      );
    }
    return null;
  }

  /** One geocoder under its time limit; settles at the limit even if the adapter ignores its signal. */
  private attempt(geocoder: Geocoder, address: string, callerSignal?: AbortSignal): Promise<GeocodeResult | null> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    return new Promise<GeocodeResult | null>((resolve, reject) => {
      const onAbort = () =>
        reject(
          callerSignal?.aborted
            ? callerSignal.reason
            : new GeocodingError(`${geocoder.name} did not answer within ${this.timeoutMs} ms`, true, geocoder.name, 'timeout'),
        );
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      geocoder
        .geocode(address, { signal })
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  }
}
