import { describe, expect, it } from 'vitest';
import { ChainedGeocoder } from './chain.ts';
import { GeocodingError, type GeocodeResult, type Geocoder } from './geocoding.port.ts';

const at = (provider: string): GeocodeResult => ({ lat: 40.67, lng: -73.98, formattedAddress: `found by ${provider}`, provider, precision: 'address' });

/** A geocoder that behaves as told and records what it was asked. */
function stub(name: string, behaviour: 'finds' | 'null' | 'fails' | 'hangs' | 'hangs-ignoring-signal' | 'throws-plain') {
  const seen: Array<{ address: string; signal?: AbortSignal }> = [];
  const geocoder: Geocoder = {
    name,
    async geocode(address, options = {}) {
      seen.push({ address, signal: options.signal });
      switch (behaviour) {
        case 'finds':
          return at(name);
        case 'null':
          return null;
        case 'fails':
          throw new GeocodingError(`${name} is over quota`, true, name, 'OVER_QUERY_LIMIT');
        case 'throws-plain':
          throw new Error('bug');
        case 'hangs':
          return new Promise((_, reject) => options.signal?.addEventListener('abort', () => reject(options.signal!.reason)));
        case 'hangs-ignoring-signal':
          return new Promise(() => {});
      }
    },
  };
  return { geocoder, seen };
}

describe('geocoder chain', () => {
  it('is named after its geocoders, in order', () => {
    expect(new ChainedGeocoder([stub('google', 'null').geocoder, stub('gazetteer', 'null').geocoder]).name).toBe('google → gazetteer');
  });

  it('answers with the first geocoder that finds the address, without asking the rest', async () => {
    const google = stub('google', 'finds');
    const gazetteer = stub('gazetteer', 'finds');
    expect(await new ChainedGeocoder([google.geocoder, gazetteer.geocoder]).geocode('123 7th Ave')).toEqual(at('google'));
    expect(gazetteer.seen).toHaveLength(0);
    expect(google.seen[0]!.signal).toBeInstanceOf(AbortSignal);
  });

  it('moves on when a geocoder finds nothing or fails, reporting each failure', async () => {
    const failures: GeocodingError[] = [];
    const chain = new ChainedGeocoder([stub('google', 'fails').geocoder, stub('mapbox', 'null').geocoder, stub('gazetteer', 'finds').geocoder], {
      onFailure: (error) => failures.push(error),
    });
    expect(await chain.geocode('Park Slope')).toEqual(at('gazetteer'));
    expect(failures.map((failure) => [failure.provider, failure.code])).toEqual([['google', 'OVER_QUERY_LIMIT']]);
  });

  it('moves on when a geocoder takes longer than its time limit, even one that ignores the signal', async () => {
    const failures: GeocodingError[] = [];
    const google = stub('google', 'hangs');
    const chain = new ChainedGeocoder([google.geocoder, stub('mapbox', 'hangs-ignoring-signal').geocoder, stub('gazetteer', 'finds').geocoder], {
      timeoutMs: 30,
      onFailure: (error) => failures.push(error),
    });
    const started = performance.now();
    expect(await chain.geocode('Park Slope')).toEqual(at('gazetteer'));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(failures.map((failure) => [failure.provider, failure.code, failure.retryable])).toEqual([
      ['google', 'timeout', true],
      ['mapbox', 'timeout', true],
    ]);
    expect(google.seen[0]!.signal!.aborted).toBe(true);
  });

  it('wraps unexpected exceptions as retryable failures and keeps going', async () => {
    const failures: GeocodingError[] = [];
    const chain = new ChainedGeocoder([stub('google', 'throws-plain').geocoder, stub('gazetteer', 'finds').geocoder], { onFailure: (e) => failures.push(e) });
    expect(await chain.geocode('x')).toEqual(at('gazetteer'));
    expect(failures[0]).toMatchObject({ provider: 'google', code: 'unexpected', retryable: true });
  });

  it('answers null when nobody finds the address, and throws only when every geocoder failed', async () => {
    expect(await new ChainedGeocoder([stub('google', 'fails').geocoder, stub('gazetteer', 'null').geocoder]).geocode('x')).toBeNull();
    await expect(new ChainedGeocoder([stub('google', 'fails').geocoder, stub('mapbox', 'fails').geocoder]).geocode('x')).rejects.toMatchObject({
      name: 'GeocodingError',
      code: 'all_failed',
      retryable: true,
      message: 'Every geocoder failed: google (OVER_QUERY_LIMIT), mapbox (OVER_QUERY_LIMIT)',
    });
  });

  it('stops at once when the caller aborts, without asking the next geocoder', async () => {
    const gazetteer = stub('gazetteer', 'finds');
    const controller = new AbortController();
    const pending = new ChainedGeocoder([stub('google', 'hangs').geocoder, gazetteer.geocoder], { timeoutMs: 5_000 }).geocode('x', { signal: controller.signal });
    controller.abort(new Error('request closed'));
    await expect(pending).rejects.toThrow('request closed');
    expect(gazetteer.seen).toHaveLength(0);
  });
});
