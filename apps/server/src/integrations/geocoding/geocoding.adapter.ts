import type { Config } from '../../config.ts';
import { ChainedGeocoder, type ChainOptions } from './chain.ts';
import { GazetteerGeocoder } from './gazetteer.ts';
import type { Geocoder } from './geocoding.port.ts';
import { GoogleGeocoder } from './google.ts';
import { MapboxGeocoder } from './mapbox.ts';

/**
 * The one place that picks the geocoders (ARCHITECTURE rule 5), under the rule modes.ts
 * reports on /health: Google when GOOGLE_MAPS_API_KEY is set, then Mapbox when
 * MAPBOX_ACCESS_TOKEN is set, and always the offline NYC gazetteer last. With neither key the
 * gazetteer alone answers (no chain, no timeouts: it never leaves the process).
 */
export function createGeocoder(
  config: Pick<Config, 'GOOGLE_MAPS_API_KEY' | 'MAPBOX_ACCESS_TOKEN'>,
  options: ChainOptions & { gazetteer?: GazetteerGeocoder } = {},
): Geocoder {
  const { gazetteer = GazetteerGeocoder.fromFile(), ...chainOptions } = options;
  const providers: Geocoder[] = [];
  if (config.GOOGLE_MAPS_API_KEY) providers.push(new GoogleGeocoder({ apiKey: config.GOOGLE_MAPS_API_KEY }));
  if (config.MAPBOX_ACCESS_TOKEN) providers.push(new MapboxGeocoder({ accessToken: config.MAPBOX_ACCESS_TOKEN }));
  if (providers.length === 0) return gazetteer;
  return new ChainedGeocoder([...providers, gazetteer], chainOptions);
}
