import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../apps/server/src/app.ts';
import { prepareDatabase } from '../../apps/server/src/db/prepare.ts';
import { CATALOG } from '../../apps/server/src/modules/catalog/catalog.data.ts';
import { createMetrics } from '../../apps/server/src/platform/metrics.ts';
import { aPublishedInstructor, anAdmin, signIn } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Public reads come from a response cache (issue 8 §5). What must hold: ETags and 304s,
 * compressed bodies equal to the plain one, a change visible at once on this process and on
 * every other process sharing the database and the PubSub, and nothing that depends on the
 * caller cacheable by a shared cache.
 */
describe('cached public reads', () => {
  let t: TestApp;
  /** A second server process: same database, same PubSub (Redis in production), its own cache. */
  let other: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    t = await createTestApp();
    other = await buildApp({ ...t, metrics: createMetrics() });
    await other.ready();
  });

  afterAll(async () => {
    await other.close();
    await t.close();
  });

  it('answers the catalog with an ETag, 304 for If-None-Match, and the same body in every encoding', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/api/v1/catalog' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=60');
    expect(String(plain.headers.vary)).toMatch(/Accept-Encoding/);
    const etag = String(plain.headers.etag);
    expect(etag).toMatch(/^W\/".+"$/);
    expect(plain.json().categories.length).toBeGreaterThanOrEqual(12);

    const notModified = await t.app.inject({ method: 'GET', url: '/api/v1/catalog', headers: { 'if-none-match': `"other", ${etag}` } });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    expect(notModified.headers.etag).toBe(etag);
    const strongForm = await t.app.inject({ method: 'GET', url: '/api/v1/catalog', headers: { 'if-none-match': etag.slice(2) } });
    expect(strongForm.statusCode).toBe(304);
    const stale = await t.app.inject({ method: 'GET', url: '/api/v1/catalog', headers: { 'if-none-match': 'W/"stale"' } });
    expect(stale.statusCode).toBe(200);

    const br = await t.app.inject({ method: 'GET', url: '/api/v1/catalog', headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    const gzip = await t.app.inject({ method: 'GET', url: '/api/v1/catalog', headers: { 'accept-encoding': 'gzip, br;q=0' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzip.rawPayload).toString()).toBe(plain.body);
    expect(br.headers.etag).toBe(etag);
    // Compressed once per version, never per request: an encoding we did not prepare gets the plain body.
    const deflate = await t.app.inject({ method: 'GET', url: '/api/v1/catalog', headers: { 'accept-encoding': 'deflate' } });
    expect(deflate.headers['content-encoding']).toBeUndefined();
    expect(deflate.body).toBe(plain.body);
  });

  it('shows a catalog sync at once, here and on the other process', async () => {
    const before = await other.inject({ method: 'GET', url: '/api/v1/catalog' });
    expect(before.body).not.toContain('Theremin');
    const [first, ...rest] = CATALOG;
    const changed = [{ ...first!, services: [...first!.services, { ...first!.services[0]!, slug: 'theremin', name: 'Theremin', synonyms: [] }] }, ...rest];
    const result = await prepareDatabase(t.database.db, t.ids, { pubsub: t.coordination.pubsub, catalog: changed });
    expect(result.catalog.changed).toBe(true);

    for (const app of [t.app, other]) {
      const after = await app.inject({ method: 'GET', url: '/api/v1/catalog' });
      expect(after.body).toContain('Theremin');
      expect(after.headers.etag).not.toBe(before.headers.etag);
    }
  });

  it('shows an instructor’s profile edit at once on both processes, in the profile and the list', async () => {
    const instructor = await aPublishedInstructor(t, { headline: 'Patient piano lessons' });
    const session = await signIn(t, instructor);
    for (const app of [t.app, other]) {
      expect((await app.inject({ method: 'GET', url: `/api/v1/instructors/${instructor.id}` })).json().headline).toBe('Patient piano lessons');
      expect((await app.inject({ method: 'GET', url: '/api/v1/instructors?limit=50' })).body).toContain('Patient piano lessons');
    }
    const etagBefore = (await other.inject({ method: 'GET', url: `/api/v1/instructors/${instructor.id}` })).headers.etag;

    const own = (await t.app.inject({ method: 'GET', url: '/api/v1/me/instructor-profile', headers: { authorization: session.authorization } })).json();
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/instructor-profile',
      headers: { authorization: session.authorization },
      payload: {
        name: own.name,
        headline: 'Jazz piano for grown-ups',
        bio: own.bio,
        yearsExperience: own.yearsExperience,
        languages: own.languages,
        ageGroups: own.ageGroups,
        levels: own.levels,
        location: { travelsToStudents: false, teachesAtStudio: false, teachesOnline: true, studioAddress: null },
      },
    });
    expect(saved.statusCode).toBe(200);

    for (const app of [t.app, other]) {
      const profile = await app.inject({ method: 'GET', url: `/api/v1/instructors/${instructor.id}`, headers: { 'if-none-match': String(etagBefore) } });
      expect(profile.statusCode).toBe(200);
      expect(profile.json().headline).toBe('Jazz piano for grown-ups');
      const list = await app.inject({ method: 'GET', url: '/api/v1/instructors?limit=50' });
      expect(list.body).toContain('Jazz piano for grown-ups');
      expect(list.body).not.toContain('Patient piano lessons');
    }
  });

  it('shows an approval at once: a profile that was "not found" appears without waiting', async () => {
    const pending = await aPublishedInstructor(t, { approved: false });
    expect((await other.inject({ method: 'GET', url: `/api/v1/instructors/${pending.id}` })).statusCode).toBe(404);
    const admin = await signIn(t, await anAdmin(t));
    const approved = await t.app.inject({ method: 'POST', url: `/api/v1/admin/instructors/${pending.id}/approve`, headers: { authorization: admin.authorization } });
    expect(approved.statusCode).toBe(200);
    expect((await other.inject({ method: 'GET', url: `/api/v1/instructors/${pending.id}` })).statusCode).toBe(200);
  });

  it('serves the same public body to every caller, and never lets a shared cache keep a caller’s own data', async () => {
    const instructor = await aPublishedInstructor(t);
    const session = await signIn(t, instructor);
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/instructors/${instructor.id}` });
    const signedIn = await t.app.inject({ method: 'GET', url: `/api/v1/instructors/${instructor.id}`, headers: { authorization: session.authorization } });
    expect(signedIn.body).toBe(anonymous.body);
    expect(anonymous.headers['cache-control']).toBe('public, no-cache');
    expect(signedIn.headers['cache-control']).toBe('public, no-cache');

    // The caller's own profile: no Cache-Control of its own, so no-store (never public).
    const own = await t.app.inject({ method: 'GET', url: '/api/v1/me/instructor-profile', headers: { authorization: session.authorization } });
    expect(own.statusCode).toBe(200);
    expect(own.headers['cache-control']).toBe('no-store');
    const refused = await t.app.inject({ method: 'GET', url: '/api/v1/me/instructor-profile' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['cache-control']).toBe('no-store');
    // Errors of public reads are not cached either.
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/instructors/01ARZ3NDEKTSV4RRFFQ69G5FAV' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['cache-control']).toBe('no-store');
    expect(missing.headers.etag).toBeUndefined();
  });

  it('keeps the neighborhoods map’s ETag, with Vary naming both Origin and Accept-Encoding', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/neighborhoods?borough=Bronx', headers: { origin: t.config.CORS_ORIGINS[0]!, 'accept-encoding': 'br' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/geo+json; charset=utf-8');
    expect(response.headers['content-encoding']).toBe('br');
    const vary = String(response.headers.vary).split(',').map((field) => field.trim().toLowerCase());
    expect(vary).toEqual(expect.arrayContaining(['origin', 'accept-encoding']));
    const again = await t.app.inject({ method: 'GET', url: '/api/v1/neighborhoods?borough=Bronx', headers: { 'if-none-match': String(response.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });
});
