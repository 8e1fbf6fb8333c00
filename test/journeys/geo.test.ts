import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GeoRepository } from '../../apps/server/src/modules/geo/geo.repository.ts';
import { anInstructor, aStudent, signIn } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

interface NeighborhoodCollection {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; id: string; properties: { code: string; name: string; borough: string; ntaType: string; residential: boolean }; geometry: { type: string; coordinates: number[][][][] } }>;
}

/** Where they teach: the neighborhoods map, and an instructor choosing service areas. */
describe('neighborhoods and service areas journey', () => {
  let t: TestApp;
  let instructor: { authorization: string };
  let instructorId: string;
  let student: { authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    const teacher = await anInstructor(t);
    instructorId = teacher.id;
    instructor = await signIn(t, teacher);
    student = await signIn(t, await aStudent(t));
  });
  afterAll(() => t.close());

  const put = (auth: { authorization: string } | null, payload: unknown) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/instructor-profile/service-areas',
      headers: auth ? { authorization: auth.authorization } : {},
      payload: payload as Record<string, unknown>,
    });
  const get = (auth: { authorization: string } | null) =>
    t.app.inject({ method: 'GET', url: '/api/v1/me/instructor-profile/service-areas', headers: auth ? { authorization: auth.authorization } : {} });

  it('serves every neighborhood as GeoJSON anyone may cache and revalidate', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/neighborhoods' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/geo+json; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=3600, stale-while-revalidate=86400');
    const etag = String(response.headers.etag);
    // The data version, the simplification and the properties' shape (f2: with `residential`) all name the body.
    expect(etag).toMatch(/^"nta-[0-9a-f]{16}-.+-f2-all"$/);

    const collection = response.json() as NeighborhoodCollection;
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features).toHaveLength(262);
    const parkSlope = collection.features.find((feature) => feature.id === 'BK0602')!;
    expect(parkSlope.properties).toEqual({ code: 'BK0602', name: 'Park Slope', borough: 'Brooklyn', ntaType: 'residential', residential: true });
    const centralPark = collection.features.find((feature) => feature.id === 'MN6491')!;
    expect(centralPark.properties).toMatchObject({ ntaType: 'park', residential: false });
    // DCP's classification: 197 residential NTAs; the rest are parks, cemeteries, airports, …
    expect(collection.features.filter((feature) => feature.properties.residential)).toHaveLength(197);
    expect(new Set(collection.features.filter((f) => !f.properties.residential).map((f) => f.properties.ntaType))).toEqual(
      new Set(['park', 'cemetery', 'airport', 'special_use', 'rikers_island']),
    );
    expect(parkSlope.geometry.type).toBe('MultiPolygon');
    const [lng, lat] = parkSlope.geometry.coordinates[0]![0]![0]!;
    expect(lng).toBeCloseTo(-73.98, 1);
    expect(lat).toBeCloseTo(40.67, 1);
    // Simplified for the map: well under the 2.3 MB source file.
    expect(response.body.length).toBeLessThan(1_000_000);

    const again = await t.app.inject({ method: 'GET', url: '/api/v1/neighborhoods', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);

    const gzipped = await t.app.inject({ method: 'GET', url: '/api/v1/neighborhoods', headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzipped.rawPayload).toString()).toBe(response.body);
  });

  it('filters by borough, and refuses a borough that does not exist', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/neighborhoods?borough=Staten%20Island' });
    expect(response.statusCode).toBe(200);
    const collection = response.json() as NeighborhoodCollection;
    expect(collection.features.length).toBeGreaterThan(10);
    expect(new Set(collection.features.map((feature) => feature.properties.borough))).toEqual(new Set(['Staten Island']));
    expect(response.headers.etag).not.toBe((await t.app.inject({ method: 'GET', url: '/api/v1/neighborhoods' })).headers.etag);

    const wrong = await t.app.inject({ method: 'GET', url: '/api/v1/neighborhoods?borough=Jersey' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'query.borough' }] });
  });

  it('serves only the neighborhoods named in ?codes, in the same shape', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/neighborhoods?codes=BK0602,%20qn0103,BK0602,MN6491' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/geo+json; charset=utf-8');
    const collection = response.json() as NeighborhoodCollection;
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.map((feature) => feature.id)).toEqual(['BK0602', 'MN6491', 'QN0103']);
    const whole = (await t.app.inject({ method: 'GET', url: '/api/v1/neighborhoods' })).json() as NeighborhoodCollection;
    expect(collection.features[0]).toEqual(whole.features.find((feature) => feature.id === 'BK0602'));

    const withBorough = await t.app.inject({ method: 'GET', url: '/api/v1/neighborhoods?codes=BK0602,QN0103&borough=Queens' });
    expect((withBorough.json() as NeighborhoodCollection).features.map((feature) => feature.id)).toEqual(['QN0103']);
  });

  it('refuses unknown, malformed, empty and too many ?codes on query.codes', async () => {
    const cases: Array<[string, RegExp]> = [
      ['BK0602,BK9999', /BK9999/],
      ['BK0602,Park%20Slope', /PARK SLOPE/],
      ['', /at least one/],
      [',,', /at least one/],
      [Array.from({ length: 301 }, () => 'BK0602').join(','), /at most 300/],
    ];
    for (const [codes, reason] of cases) {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/neighborhoods?codes=${codes}` });
      expect(response.statusCode, codes.slice(0, 40)).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = response.json() as { code: string; errors: Array<{ field: string; reason: string }> };
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors).toHaveLength(1);
      expect(problem.errors[0]!.field).toBe('query.codes');
      expect(problem.errors[0]!.reason).toMatch(reason);
    }
  });

  it('refuses parks, cemeteries, airports and Rikers Island as service areas, naming each', async () => {
    const refused = await put(instructor, { neighborhoodCodes: ['BK0602', 'MN6491', 'BK0771', 'QN8081', 'QN0151'] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'validation_failed',
      detail: 'Not residential neighborhoods (nobody lives there): MN6491, BK0771, QN8081, QN0151.',
    });
    expect(refused.json().errors.map((error: { field: string }) => error.field)).toEqual([
      'body.neighborhoodCodes.1',
      'body.neighborhoodCodes.2',
      'body.neighborhoodCodes.3',
      'body.neighborhoodCodes.4',
    ]);
    expect(refused.json().errors[0].reason).toMatch(/"MN6491" \(Central Park\) is not a residential neighborhood/);
    expect((await get(instructor)).json().neighborhoodCodes).toEqual([]);
  });

  it('lets an instructor choose service areas, which then answer "who serves this point"', async () => {
    expect((await get(instructor)).json()).toEqual({ neighborhoodCodes: [], neighborhoods: [] });

    const saved = await put(instructor, { neighborhoodCodes: ['QN0103', 'BK0602', ' bk0602 '] });
    expect(saved.statusCode).toBe(200);
    const expected = {
      neighborhoodCodes: ['BK0602', 'QN0103'],
      neighborhoods: [
        { code: 'BK0602', name: 'Park Slope', borough: 'Brooklyn' },
        { code: 'QN0103', name: 'Astoria (Central)', borough: 'Queens' },
      ],
    };
    expect(saved.json()).toEqual(expected);
    expect((await get(instructor)).json()).toEqual(expected);

    const geo = new GeoRepository(t.database.db);
    expect(await geo.instructorsServingPoint(40.671, -73.9814)).toContain(instructorId);
    expect(await geo.servesPoint(instructorId, 40.671, -73.9814)).toBe(true);

    const replaced = await put(instructor, { neighborhoodCodes: ['QN0103'] });
    expect(replaced.json().neighborhoodCodes).toEqual(['QN0103']);
    expect(await geo.servesPoint(instructorId, 40.671, -73.9814)).toBe(false);
  });

  it('refuses unknown and malformed codes with field errors, saving nothing', async () => {
    const unknown = await put(instructor, { neighborhoodCodes: ['BK0602', 'BK9999', 'QN0000'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.json()).toMatchObject({
      code: 'validation_failed',
      detail: 'Unknown neighborhood codes: BK9999, QN0000.',
      errors: [
        { field: 'body.neighborhoodCodes.1', reason: '"BK9999" is not a NYC neighborhood code' },
        { field: 'body.neighborhoodCodes.2', reason: '"QN0000" is not a NYC neighborhood code' },
      ],
    });

    const malformed = await put(instructor, { neighborhoodCodes: ['Park Slope'] });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors).toEqual([{ field: 'body.neighborhoodCodes.0', reason: 'must be a neighborhood (NTA) code like BK0602' }]);

    const tooMany = await put(instructor, { neighborhoodCodes: Array.from({ length: 61 }, (_, i) => `BK${String(i).padStart(4, '0')}`) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors).toEqual([{ field: 'body.neighborhoodCodes', reason: 'must list at most 60 neighborhoods' }]);

    expect((await put(instructor, {})).json().errors).toEqual([{ field: 'body.neighborhoodCodes', reason: expect.any(String) }]);
    expect((await get(instructor)).json().neighborhoodCodes).toEqual(['QN0103']);
  });

  it('clears the areas with an empty list', async () => {
    expect((await put(instructor, { neighborhoodCodes: [] })).json()).toEqual({ neighborhoodCodes: [], neighborhoods: [] });
  });

  it('is for instructors only: 403 for a student, 401 for nobody', async () => {
    const forbidden = await put(student, { neighborhoodCodes: ['BK0602'] });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ code: 'forbidden' });
    expect((await get(student)).statusCode).toBe(403);
    expect((await put(null, { neighborhoodCodes: ['BK0602'] })).statusCode).toBe(401);
    expect((await get(null)).statusCode).toBe(401);
  });
});
