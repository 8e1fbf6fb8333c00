import axios, { AxiosError, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { beforeEach, describe, expect, it } from 'vitest';
import { GeocodingError } from './geocoding.port.ts';
import { GOOGLE_GEOCODE_URL, GoogleGeocoder, googlePrecision, translateGoogleResponse } from './google.ts';

/** An HTTP answer other than 200 JSON. */
class Http {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {}
}

let calls: Array<{ url: URL; config: InternalAxiosRequestConfig }>;
/** Answers for successive calls: a JSON body (200), an Http answer, or an error to throw. */
let answers: Array<unknown | Http | Error>;

/** Google's client with an axios that answers from `answers` (tests never touch the network). */
const local = axios.create({
  adapter: async (config) => {
    calls.push({ url: new URL(local.getUri(config)), config });
    const answer = answers.shift();
    if (answer instanceof Error) throw answer;
    const { status, body } = answer instanceof Http ? answer : { status: 200, body: JSON.stringify(answer) };
    const response: AxiosResponse = { data: body, status, statusText: String(status), headers: {}, config, request: {} };
    if (config.validateStatus && !config.validateStatus(status)) {
      throw new AxiosError(`Request failed with status code ${status}`, AxiosError.ERR_BAD_RESPONSE, config, {}, response);
    }
    return response;
  },
});

beforeEach(() => {
  calls = [];
  answers = [];
});

const parkSlopeAddress = {
  address_components: [{ long_name: '11215', short_name: '11215', types: ['postal_code'] }],
  formatted_address: '123 7th Ave, Brooklyn, NY 11215, USA',
  geometry: {
    location: { lat: 40.6720915, lng: -73.9776408 },
    location_type: 'ROOFTOP',
    viewport: { northeast: { lat: 40.67344, lng: -73.97629 }, southwest: { lat: 40.67074, lng: -73.97899 } },
  },
  place_id: 'ChIJ-parkslope',
  types: ['street_address'],
};

const google = () => new GoogleGeocoder({ apiKey: 'AIza-test-key', axiosInstance: local });

describe('Google geocoding adapter', () => {
  it('asks for the address biased to NYC and translates a rooftop match', async () => {
    answers.push({ status: 'OK', results: [parkSlopeAddress] });
    expect(await google().geocode(' 123 7th Ave, Brooklyn ')).toEqual({
      lat: 40.6720915,
      lng: -73.9776408,
      formattedAddress: '123 7th Ave, Brooklyn, NY 11215, USA',
      provider: 'google',
      precision: 'address',
    });
    const { url, config } = calls[0]!;
    expect(`${url.origin}${url.pathname}`).toBe(GOOGLE_GEOCODE_URL);
    expect(url.searchParams.get('address')).toBe('123 7th Ave, Brooklyn');
    expect(url.searchParams.get('key')).toBe('AIza-test-key');
    expect(url.searchParams.get('bounds')).toBe('40.47,-74.27|40.93,-73.68');
    expect(url.searchParams.get('components')).toBe('country:US');
    expect(config.signal).toBeUndefined();
  });

  it('passes the caller’s signal to the request', async () => {
    answers.push({ status: 'ZERO_RESULTS', results: [] });
    const controller = new AbortController();
    await google().geocode('x', { signal: controller.signal });
    expect(calls[0]!.config.signal).toBe(controller.signal);
  });

  it('answers null for ZERO_RESULTS and for an empty address (without asking)', async () => {
    answers.push({ status: 'ZERO_RESULTS', results: [] });
    expect(await google().geocode('nowhere at all')).toBeNull();
    expect(await google().geocode('  ')).toBeNull();
    expect(calls).toHaveLength(1);
  });

  it.each([
    ['OVER_QUERY_LIMIT', true],
    ['UNKNOWN_ERROR', true],
    ['OVER_DAILY_LIMIT', false],
    ['REQUEST_DENIED', false],
    ['INVALID_REQUEST', false],
  ] as const)('throws for %s (retryable: %s), with Google’s message but never the key', async (status, retryable) => {
    answers.push({ status, results: [], error_message: 'Something about the request.' });
    const error = await google().geocode('123 7th Ave').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeocodingError);
    expect(error).toMatchObject({ retryable, provider: 'google', code: status });
    expect((error as Error).message).toContain('Something about the request.');
    expect((error as Error).message).not.toContain('AIza-test-key');
  });

  it('reports HTTP failures, network failures and unreadable bodies as errors', async () => {
    answers.push(new Http(503, 'busy'), new AxiosError('connect ECONNREFUSED', 'ECONNREFUSED'), new Http(200, '<html>'));
    await expect(google().geocode('a')).rejects.toMatchObject({ retryable: true, code: 'http_503' });
    await expect(google().geocode('a')).rejects.toMatchObject({ retryable: true, code: 'request_failed' });
    await expect(google().geocode('a')).rejects.toMatchObject({ retryable: true, code: 'invalid_response' });
    answers.push(new Http(403, '{}'), new AxiosError('canceled', AxiosError.ERR_CANCELED));
    await expect(google().geocode('a')).rejects.toMatchObject({ retryable: false, code: 'http_403' });
    await expect(google().geocode('a')).rejects.toMatchObject({ retryable: true, code: 'timeout' });
  });

  it('skips results outside New York City and results coarser than a borough', () => {
    const springfield = { ...parkSlopeAddress, formatted_address: 'Springfield, MA', geometry: { location: { lat: 42.1, lng: -72.59 }, location_type: 'APPROXIMATE' } };
    const city = { formatted_address: 'New York, NY, USA', types: ['locality', 'political'], geometry: { location: { lat: 40.71, lng: -74.0 }, location_type: 'APPROXIMATE' } };
    const borough = { formatted_address: 'Brooklyn, NY, USA', types: ['political', 'sublocality', 'sublocality_level_1'], geometry: { location: { lat: 40.67, lng: -73.94 }, location_type: 'APPROXIMATE' } };
    expect(translateGoogleResponse({ status: 'OK', results: [springfield, city] })).toBeNull();
    expect(translateGoogleResponse({ status: 'OK', results: [springfield, city, borough] })).toMatchObject({ precision: 'borough', formattedAddress: 'Brooklyn, NY, USA' });
  });

  it('reads the precision from the location type and the result types', () => {
    const at = (types: string[], locationType = 'APPROXIMATE') => googlePrecision({ types, geometry: { location_type: locationType } });
    expect(at(['street_address'], 'ROOFTOP')).toBe('address');
    expect(at(['route'], 'RANGE_INTERPOLATED')).toBe('address');
    expect(at(['premise'])).toBe('address');
    expect(at(['postal_code'])).toBe('postcode');
    expect(at(['neighborhood', 'political'])).toBe('neighborhood');
    expect(at(['route'], 'GEOMETRIC_CENTER')).toBe('neighborhood');
    expect(at(['political', 'sublocality', 'sublocality_level_1'])).toBe('borough');
    expect(at(['locality', 'political'])).toBeNull();
    expect(at(['administrative_area_level_1', 'political'])).toBeNull();
  });

  it('treats a body without a status as a transient failure', () => {
    expect(() => translateGoogleResponse({})).toThrow(GeocodingError);
    expect(() => translateGoogleResponse(undefined)).toThrow(/invalid_response/);
  });
});
