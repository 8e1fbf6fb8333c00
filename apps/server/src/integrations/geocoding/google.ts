import { Client } from '@googlemaps/google-maps-services-js';
import axios, { isAxiosError, type AxiosInstance } from 'axios';
import { GeocodingError, NYC_BOUNDS, withinBounds, type GeoBounds, type GeocodeResult, type Geocoder } from './geocoding.port.ts';

/**
 * Google Geocoding (reference/integrations.md §8) through Google's Node client
 * (@googlemaps/google-maps-services-js); this file translates. Google answers HTTP 200 even
 * for logical errors: the outcome is the body's `status`.
 */
export const GOOGLE_GEOCODE_URL = 'https://maps.googleapis.com/maps/api/geocode/json';

type Precision = GeocodeResult['precision'];

interface GoogleResult {
  formatted_address?: string;
  types?: string[];
  geometry?: { location?: { lat?: unknown; lng?: unknown }; location_type?: string };
}

/** Statuses that may succeed if asked again later; the rest are permanent (bad key, bad request, quota for the day). */
const RETRYABLE_STATUSES = new Set(['OVER_QUERY_LIMIT', 'UNKNOWN_ERROR']);
const PERMANENT_STATUSES = new Set(['OVER_DAILY_LIMIT', 'REQUEST_DENIED', 'INVALID_REQUEST']);

const ADDRESS_TYPES = ['street_address', 'premise', 'subpremise', 'intersection', 'establishment', 'point_of_interest'];
// A street without a number is placed at its middle: approximate, like a neighborhood.
const NEIGHBORHOOD_TYPES = ['neighborhood', 'colloquial_area', 'sublocality_level_2', 'sublocality_level_3', 'sublocality_level_4', 'route'];
// NYC's boroughs are Google's sublocality_level_1 (and their counties administrative_area_level_2).
const BOROUGH_TYPES = ['sublocality_level_1', 'sublocality', 'administrative_area_level_2'];

/** How precisely one result places the address; null when it is coarser than a borough (the city, the state). */
export function googlePrecision(result: GoogleResult): Precision | null {
  const types = result.types ?? [];
  const has = (list: string[]) => list.some((type) => types.includes(type));
  const locationType = result.geometry?.location_type;
  if (locationType === 'ROOFTOP' || locationType === 'RANGE_INTERPOLATED' || has(ADDRESS_TYPES)) return 'address';
  if (types.includes('postal_code')) return 'postcode';
  if (has(NEIGHBORHOOD_TYPES)) return 'neighborhood';
  if (has(BOROUGH_TYPES)) return 'borough';
  return null;
}

/** Google's answer in our words: the first result inside `bounds` precise enough to use, or null. */
export function translateGoogleResponse(body: unknown, bounds: GeoBounds = NYC_BOUNDS): GeocodeResult | null {
  const { status, results, error_message: errorMessage } = (body ?? {}) as { status?: unknown; results?: unknown; error_message?: unknown };
  if (status === 'ZERO_RESULTS') return null;
  if (status !== 'OK') {
    const code = typeof status === 'string' ? status : 'invalid_response';
    const detail = typeof errorMessage === 'string' ? `: ${errorMessage}` : '';
    // A status Google does not document is treated as transient.
    const retryable = RETRYABLE_STATUSES.has(code) || !PERMANENT_STATUSES.has(code);
    throw new GeocodingError(`Google geocoding answered ${code}${detail}`, retryable, 'google', code);
  }
  for (const result of Array.isArray(results) ? (results as GoogleResult[]) : []) {
    const { lat, lng } = result.geometry?.location ?? {};
    if (typeof lat !== 'number' || typeof lng !== 'number' || !withinBounds(bounds, { lat, lng })) continue;
    const precision = googlePrecision(result);
    if (!precision) continue;
    return { lat, lng, formattedAddress: result.formatted_address ?? '', provider: 'google', precision };
  }
  return null;
}

/** An HTTP or network failure from axios, in our words; never the URL (it carries the key). */
function googleFailure(cause: unknown): GeocodingError {
  if (isAxiosError(cause) && cause.response) {
    const status = cause.response.status;
    const permanent = status >= 400 && status < 500 && status !== 429;
    return new GeocodingError(`google answered HTTP ${status}`, !permanent, 'google', `http_${status}`);
  }
  const error = cause as { code?: string; name?: string; message?: string };
  const timedOut = error?.code === 'ERR_CANCELED' || error?.code === 'ECONNABORTED' || error?.code === 'ETIMEDOUT' || error?.name === 'AbortError';
  return new GeocodingError(
    `google request ${timedOut ? 'was aborted or timed out' : 'failed'}: ${error?.message ?? String(cause)}`,
    true,
    'google',
    timedOut ? 'timeout' : 'request_failed',
    { cause },
  );
}

type GoogleAxios = NonNullable<ConstructorParameters<typeof Client>[0]>['axiosInstance'];

export class GoogleGeocoder implements Geocoder {
  readonly name = 'google';
  private readonly client: Client;

  /**
   * `axiosInstance`: how requests leave (tests answer locally). Our own instance, not the
   * client's default: that one retries, and the chain's timeout and fallback decide instead.
   */
  constructor(private readonly options: { apiKey: string; bounds?: GeoBounds; axiosInstance?: AxiosInstance }) {
    // The client's axios types are the CommonJS build's, ours the ESM build's: the same instance.
    this.client = new Client({ axiosInstance: (options.axiosInstance ?? axios.create()) as unknown as GoogleAxios });
  }

  async geocode(address: string, options: { signal?: AbortSignal } = {}): Promise<GeocodeResult | null> {
    const query = address.trim();
    if (!query) return null;
    const bounds = this.options.bounds ?? NYC_BOUNDS;
    let body: unknown;
    try {
      const response = await this.client.geocode({
        params: {
          address: query,
          // Biases (does not restrict) results to the city; translateGoogleResponse drops the rest.
          bounds: { southwest: { lat: bounds.south, lng: bounds.west }, northeast: { lat: bounds.north, lng: bounds.east } },
          region: 'us',
          components: { country: 'US' },
          key: this.options.apiKey,
        },
        ...(options.signal ? { signal: options.signal } : {}),
      });
      body = response.data;
    } catch (cause) {
      throw googleFailure(cause);
    }
    return translateGoogleResponse(body, bounds);
  }
}
