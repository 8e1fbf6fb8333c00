import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { integrationModes } from '../modes.ts';
import { ChainedGeocoder } from './chain.ts';
import { GazetteerGeocoder } from './gazetteer.ts';
import { createGeocoder } from './geocoding.adapter.ts';

describe('createGeocoder', () => {
  it('uses the offline gazetteer alone when no provider is configured, as /health reports', async () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    const geocoder = createGeocoder(config);
    expect(geocoder).toBeInstanceOf(GazetteerGeocoder);
    expect(integrationModes(config).geocoding).toEqual({ mode: 'fake', detail: 'offline NYC gazetteer' });
    expect(await geocoder.geocode('Park Slope, Brooklyn')).toMatchObject({ provider: 'gazetteer', precision: 'neighborhood' });
  });

  it.each([
    [{ GOOGLE_MAPS_API_KEY: 'AIza-key', MAPBOX_ACCESS_TOKEN: 'pk.token' }, 'google → mapbox → gazetteer', 'Google → Mapbox → offline NYC gazetteer'],
    [{ GOOGLE_MAPS_API_KEY: 'AIza-key' }, 'google → gazetteer', 'Google → offline NYC gazetteer'],
    [{ MAPBOX_ACCESS_TOKEN: 'pk.token' }, 'mapbox → gazetteer', 'Mapbox → offline NYC gazetteer'],
  ])('chains the configured providers before the gazetteer (%o)', (env, chain, detail) => {
    const config = loadConfig({ NODE_ENV: 'test', ...env });
    const geocoder = createGeocoder(config);
    expect(geocoder).toBeInstanceOf(ChainedGeocoder);
    expect(geocoder.name).toBe(chain);
    expect(integrationModes(config).geocoding).toEqual({ mode: 'real', detail });
  });
});
