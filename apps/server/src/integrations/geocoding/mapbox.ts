import MapiClient from '@mapbox/mapbox-sdk/lib/classes/mapi-client.js';
import MapiError from '@mapbox/mapbox-sdk/lib/classes/mapi-error.js';
import type { MapiRequest, MapiResponse } from '@mapbox/mapbox-sdk/lib/classes/mapi-request.js';
import MapiResponseClass from '@mapbox/mapbox-sdk/lib/classes/mapi-response.js';
import geocodingV6 from '@mapbox/mapbox-sdk/services/geocoding-v6.js';
import { GeocodingError, NYC_BOUNDS, withinBounds, type GeoBounds, type GeocodeResult, type Geocoder } from './geocoding.port.ts';

/**
 * Mapbox Geocoding v6 forward search (reference/integrations.md §8) through Mapbox's SDK
 * (@mapbox/mapbox-sdk, its geocoding-v6 service builds the request); this file translates.
 * Coordinates are [lng, lat]; no match is `features: []` with 200; errors are real HTTP
 * statuses with a `message`.
 */
export const MAPBOX_FORWARD_URL = 'https://api.mapbox.com/search/geocode/v6/forward';

type Precision = GeocodeResult['precision'];

interface MapboxFeature {
  geometry?: { type?: string; coordinates?: unknown };
  properties?: {
    feature_type?: string;
    name?: string;
    place_formatted?: string;
    full_address?: string;
    coordinates?: { longitude?: unknown; latitude?: unknown };
  };
}

/**
 * Mapbox's feature types in our precision; `place` (the city), `region` and `country` are too
 * coarse to place anything. In NYC the boroughs are `locality` features and their counties
 * `district`; a `street` without a number is placed at its middle (approximate).
 */
const PRECISION: Record<string, Precision> = {
  address: 'address',
  secondary_address: 'address',
  street: 'neighborhood',
  neighborhood: 'neighborhood',
  postcode: 'postcode',
  locality: 'borough',
  district: 'borough',
};

/** Requested from Mapbox so that it does not spend its results on coarser features. */
const REQUESTED_TYPES = ['address', 'secondary_address', 'street', 'postcode', 'neighborhood', 'locality', 'district'];

// 401 bad token, 403 token not allowed, 404 bad endpoint, 422 bad query: asking again cannot help.
const PERMANENT_HTTP = [400, 401, 403, 404, 422];

function coordinatesOf(feature: MapboxFeature): { lat: number; lng: number } | null {
  const own = feature.properties?.coordinates;
  if (typeof own?.latitude === 'number' && typeof own.longitude === 'number') return { lat: own.latitude, lng: own.longitude };
  const position = feature.geometry?.coordinates;
  if (Array.isArray(position) && typeof position[0] === 'number' && typeof position[1] === 'number') {
    return { lng: position[0], lat: position[1] };
  }
  return null;
}

/** Mapbox's answer in our words: the first feature inside `bounds` precise enough to use, or null. */
export function translateMapboxResponse(body: unknown, bounds: GeoBounds = NYC_BOUNDS): GeocodeResult | null {
  const features = (body as { features?: unknown } | undefined)?.features;
  if (!Array.isArray(features)) throw new GeocodingError('Mapbox answered without a features list', true, 'mapbox', 'invalid_response');
  for (const feature of features as MapboxFeature[]) {
    const precision = PRECISION[feature.properties?.feature_type ?? ''];
    const point = coordinatesOf(feature);
    if (!precision || !point || !withinBounds(bounds, point)) continue;
    const { full_address: full, name, place_formatted: place } = feature.properties ?? {};
    const formattedAddress = full ?? [name, place].filter(Boolean).join(', ');
    return { ...point, formattedAddress, provider: 'mapbox', precision };
  }
  return null;
}

/**
 * The SDK's client, sending with fetch: its own Node client sends with an old `got` and cannot
 * take the caller's AbortSignal; this one can, and tests hand it a local `fetch`.
 */
class FetchMapiClient extends MapiClient {
  private readonly inFlight = new Map<number, AbortController>();

  constructor(
    accessToken: string,
    private readonly fetchImpl: typeof fetch,
  ) {
    super({ accessToken });
  }

  override async sendRequest(request: MapiRequest): Promise<MapiResponse> {
    const controller = new AbortController();
    if (request.aborted) controller.abort();
    this.inFlight.set(request.id, controller);
    try {
      const response = await this.fetchImpl(request.url(this.accessToken), {
        method: request.method,
        headers: { accept: 'application/json', ...request.headers },
        signal: controller.signal,
      });
      const body = await response.text();
      if (!response.ok) throw new MapiError({ request, body, statusCode: response.status });
      return new MapiResponseClass(request, { body, headers: Object.fromEntries(response.headers), statusCode: response.status });
    } finally {
      this.inFlight.delete(request.id);
    }
  }

  override abortRequest(request: MapiRequest): void {
    this.inFlight.get(request.id)?.abort();
  }
}

/** A failure from the SDK or the network, in our words; never the URL (it carries the token). */
function mapboxFailure(cause: unknown): GeocodingError {
  if (cause instanceof MapiError && cause.statusCode) {
    const status = cause.statusCode;
    const detail = cause.message ? `: ${cause.message}` : '';
    return new GeocodingError(`mapbox answered HTTP ${status}${detail}`, !PERMANENT_HTTP.includes(status), 'mapbox', `http_${status}`);
  }
  const error = cause as { name?: string; message?: string };
  const timedOut = error?.name === 'TimeoutError' || error?.name === 'AbortError';
  return new GeocodingError(
    `mapbox request ${timedOut ? 'was aborted or timed out' : 'failed'}: ${error?.message ?? String(cause)}`,
    true,
    'mapbox',
    timedOut ? 'timeout' : 'request_failed',
    { cause },
  );
}

export class MapboxGeocoder implements Geocoder {
  readonly name = 'mapbox';
  private readonly service: ReturnType<typeof geocodingV6> | null;

  /** `fetch`: how requests leave (tests answer locally). */
  constructor(private readonly options: { accessToken: string; bounds?: GeoBounds; fetch?: typeof fetch }) {
    let service: ReturnType<typeof geocodingV6> | null = null;
    try {
      service = geocodingV6(new FetchMapiClient(options.accessToken, options.fetch ?? ((input, init) => fetch(input, init))));
    } catch {
      // The SDK refuses a token it cannot parse; geocode() then fails over to the next geocoder.
    }
    this.service = service;
  }

  async geocode(address: string, options: { signal?: AbortSignal } = {}): Promise<GeocodeResult | null> {
    const query = address.trim();
    if (!query) return null;
    if (!this.service) throw new GeocodingError('MAPBOX_ACCESS_TOKEN is not a Mapbox token', false, 'mapbox', 'invalid_token');
    const bounds = this.options.bounds ?? NYC_BOUNDS;
    const request = this.service.forwardGeocode({
      query,
      countries: ['us'],
      // Restricts results to the city (Mapbox's bbox is a filter, not a bias).
      bbox: [bounds.west, bounds.south, bounds.east, bounds.north],
      types: REQUESTED_TYPES,
      autocomplete: false,
      limit: 5,
    });
    const abort = () => request.abort();
    if (options.signal?.aborted) abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    let body: unknown;
    try {
      body = (await request.send()).body;
    } catch (cause) {
      throw mapboxFailure(cause);
    } finally {
      options.signal?.removeEventListener('abort', abort);
    }
    return translateMapboxResponse(body, bounds);
  }
}
