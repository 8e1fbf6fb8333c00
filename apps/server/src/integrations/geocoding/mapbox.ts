import { GeocodingError, NYC_BOUNDS, withinBounds, type GeoBounds, type GeocodeResult, type Geocoder } from './geocoding.port.ts';
import { getJson } from './http.ts';

/**
 * Mapbox Geocoding v6 forward search (reference/integrations.md §8), translation only.
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
const REQUESTED_TYPES = 'address,secondary_address,street,postcode,neighborhood,locality,district';

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

export class MapboxGeocoder implements Geocoder {
  readonly name = 'mapbox';

  constructor(private readonly options: { accessToken: string; bounds?: GeoBounds }) {}

  async geocode(address: string, options: { signal?: AbortSignal } = {}): Promise<GeocodeResult | null> {
    const query = address.trim();
    if (!query) return null;
    const bounds = this.options.bounds ?? NYC_BOUNDS;
    const url = new URL(MAPBOX_FORWARD_URL);
    url.searchParams.set('q', query);
    url.searchParams.set('country', 'us');
    // Restricts results to the city (Mapbox's bbox is a filter, not a bias).
    url.searchParams.set('bbox', [bounds.west, bounds.south, bounds.east, bounds.north].join(','));
    url.searchParams.set('types', REQUESTED_TYPES);
    url.searchParams.set('autocomplete', 'false');
    url.searchParams.set('limit', '5');
    url.searchParams.set('access_token', this.options.accessToken);
    const { body } = await getJson('mapbox', url, { ...options, permanentStatuses: PERMANENT_HTTP });
    return translateMapboxResponse(body, bounds);
  }
}
