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
