/**
 * Turning an address into coordinates (PRODUCT.md §2, integrations.md §8). Adapters: Google,
 * Mapbox and the offline NYC gazetteer, chained in that order with a timeout each; the
 * gazetteer is the development default and the last fallback.
 */
export interface GeocodeResult {
  lat: number;
  lng: number;
  /** The address as the provider understood it. */
  formattedAddress: string;
  /** Which adapter answered: 'google' | 'mapbox' | 'gazetteer'. */
  provider: string;
  /** How precise the match is: a street address, or only a neighborhood / ZIP / borough centroid. */
  precision: 'address' | 'neighborhood' | 'postcode' | 'borough';
}

export interface Geocoder {
  readonly name: string;
  /** The best match, or null when the address cannot be found (never throws for "not found"). */
  geocode(address: string, options?: { signal?: AbortSignal }): Promise<GeocodeResult | null>;
}

/**
 * A provider could not answer (quota, outage, bad key, unreadable response): not the same as
 * "not found", which is null. `retryable` says whether the same request may succeed later;
 * the chain moves on to the next adapter either way.
 */
export class GeocodingError extends Error {
  constructor(
    message: string,
    public readonly retryable: boolean,
    /** Which adapter failed ('google', 'mapbox', …). */
    public readonly provider: string,
    /** The provider's status or HTTP code (e.g. `OVER_QUERY_LIMIT`, `http_429`, `timeout`), for logs. */
    public readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GeocodingError';
  }
}

/** The area results must fall in: New York City with a small margin (lng/lat, WGS84). */
export interface GeoBounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

export const NYC_BOUNDS: GeoBounds = { west: -74.27, south: 40.47, east: -73.68, north: 40.93 };

export function withinBounds(bounds: GeoBounds, point: { lat: number; lng: number }): boolean {
  return point.lng >= bounds.west && point.lng <= bounds.east && point.lat >= bounds.south && point.lat <= bounds.north;
}
