import { beforeEach, describe, expect, it } from 'vitest';
import { GeocodingError } from './geocoding.port.ts';
import { MAPBOX_FORWARD_URL, MapboxGeocoder, translateMapboxResponse } from './mapbox.ts';

let calls: Array<{ url: URL; init: RequestInit }>;
let answers: Array<unknown | Response | Error>;

/** What the SDK's requests go through instead of the network. */
const localFetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
  calls.push({ url: new URL(String(input)), init });
  const answer = answers.shift();
  if (answer instanceof Error) throw answer;
  if (answer instanceof Response) return answer;
  return Response.json(answer);
}) as typeof fetch;

beforeEach(() => {
  calls = [];
  answers = [];
});

/** The SDK parses tokens (`pk.<base64 JSON>.<signature>`): a well-formed one that grants nothing. */
const TOKEN = `pk.${Buffer.from(JSON.stringify({ u: 'instainstru-test', a: 'test' })).toString('base64')}.test-signature`;

function feature(featureType: string, lng: number, lat: number, extra: Record<string, unknown> = {}) {
  return {
    type: 'Feature',
    id: `dXJuOm1ieGFkcjo${featureType}`,
    geometry: { type: 'Point', coordinates: [lng, lat] },
    properties: {
      mapbox_id: `dXJuOm1ieGFkcjo${featureType}`,
      feature_type: featureType,
      name: '123 7th Avenue',
      place_formatted: 'Brooklyn, New York 11215, United States',
      full_address: '123 7th Avenue, Brooklyn, New York 11215, United States',
      coordinates: { longitude: lng, latitude: lat, accuracy: 'rooftop' },
      context: { country: { country_code: 'US', country_code_alpha_3: 'USA' } },
      ...extra,
    },
  };
}

const mapbox = () => new MapboxGeocoder({ accessToken: TOKEN, fetch: localFetch });

describe('Mapbox geocoding adapter', () => {
  it('asks v6 forward restricted to NYC and translates an address ([lng, lat] order)', async () => {
    answers.push({ type: 'FeatureCollection', attribution: '© Mapbox', features: [feature('address', -73.97764, 40.67209)] });
    expect(await mapbox().geocode('123 7th Ave Brooklyn')).toEqual({
      lat: 40.67209,
      lng: -73.97764,
      formattedAddress: '123 7th Avenue, Brooklyn, New York 11215, United States',
      provider: 'mapbox',
      precision: 'address',
    });
    const { url } = calls[0]!;
    expect(`${url.origin}${url.pathname}`).toBe(MAPBOX_FORWARD_URL);
    expect(url.searchParams.get('q')).toBe('123 7th Ave Brooklyn');
    expect(url.searchParams.get('access_token')).toBe(TOKEN);
    expect(url.searchParams.get('types')).toBe('address,secondary_address,street,postcode,neighborhood,locality,district');
    expect(url.searchParams.get('autocomplete')).toBe('false');
    expect(url.searchParams.get('bbox')).toBe('-74.27,40.47,-73.68,40.93');
    expect(url.searchParams.get('country')).toBe('us');
  });

  it('answers null when there are no features, or none precise enough inside the city', async () => {
    answers.push({ type: 'FeatureCollection', features: [] });
    expect(await mapbox().geocode('nowhere')).toBeNull();
    const city = feature('place', -74.006, 40.7128, { full_address: undefined, name: 'New York' });
    const elsewhere = feature('address', -72.59, 42.1);
    expect(translateMapboxResponse({ features: [city, elsewhere] })).toBeNull();
  });

  it('maps feature types to precision, falling back to the geometry and name when fields are missing', () => {
    const precisionOf = (type: string) => translateMapboxResponse({ features: [feature(type, -73.98, 40.67)] })?.precision ?? null;
    expect(precisionOf('secondary_address')).toBe('address');
    expect(precisionOf('street')).toBe('neighborhood');
    expect(precisionOf('neighborhood')).toBe('neighborhood');
    expect(precisionOf('postcode')).toBe('postcode');
    expect(precisionOf('locality')).toBe('borough');
    expect(precisionOf('district')).toBe('borough');
    expect(precisionOf('region')).toBeNull();
    const bare = feature('neighborhood', -73.98, 40.67, { coordinates: undefined, full_address: undefined, name: 'Park Slope', place_formatted: 'Brooklyn, New York' });
    expect(translateMapboxResponse({ features: [bare] })).toEqual({
      lat: 40.67,
      lng: -73.98,
      formattedAddress: 'Park Slope, Brooklyn, New York',
      provider: 'mapbox',
      precision: 'neighborhood',
    });
  });

  it('throws retryable errors for 429 and 5xx, permanent ones for 401/403/422, never showing the token', async () => {
    answers.push(
      Response.json({ message: 'Rate limit exceeded' }, { status: 429 }),
      Response.json({ message: 'Internal error' }, { status: 500 }),
      Response.json({ message: 'Not Authorized - Invalid Token' }, { status: 401 }),
      Response.json({ message: 'Forbidden' }, { status: 403 }),
      Response.json({ message: 'Query too long' }, { status: 422 }),
    );
    await expect(mapbox().geocode('a')).rejects.toMatchObject({ retryable: true, code: 'http_429', message: expect.stringContaining('Rate limit exceeded') });
    await expect(mapbox().geocode('a')).rejects.toMatchObject({ retryable: true, code: 'http_500' });
    const unauthorized = await mapbox().geocode('a').catch((e: unknown) => e);
    expect(unauthorized).toMatchObject({ retryable: false, code: 'http_401', provider: 'mapbox' });
    expect((unauthorized as Error).message).not.toContain(TOKEN);
    await expect(mapbox().geocode('a')).rejects.toMatchObject({ retryable: false, code: 'http_403' });
    await expect(mapbox().geocode('a')).rejects.toMatchObject({ retryable: false, code: 'http_422' });
  });

  it('reports a network failure or a body without features as retryable', async () => {
    answers.push(new TypeError('fetch failed'), { message: 'odd' });
    await expect(mapbox().geocode('a')).rejects.toMatchObject({ retryable: true, code: 'request_failed' });
    await expect(mapbox().geocode('a')).rejects.toBeInstanceOf(GeocodingError);
  });

  it('aborts the request when the caller’s signal fires', async () => {
    const controller = new AbortController();
    const slowFetch = ((_input: string | URL | Request, init: RequestInit = {}) =>
      new Promise<Response>((_resolve, reject) => {
        calls.push({ url: new URL(String(_input)), init });
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })) as typeof fetch;
    const pending = new MapboxGeocoder({ accessToken: TOKEN, fetch: slowFetch }).geocode('a', { signal: controller.signal });
    await Promise.resolve();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ retryable: true, code: 'timeout', provider: 'mapbox' });
    expect(calls[0]!.init.signal?.aborted).toBe(true);
  });

  it('fails over (a permanent error) instead of crashing when the token is not a Mapbox token', async () => {
    await expect(new MapboxGeocoder({ accessToken: 'not-a-token', fetch: localFetch }).geocode('a')).rejects.toMatchObject({ retryable: false, code: 'invalid_token' });
    expect(calls).toEqual([]);
  });
});
