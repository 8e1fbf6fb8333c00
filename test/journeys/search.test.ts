import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateDayFromRanges } from '../../apps/server/src/modules/availability/availability.policy.ts';
import { addDays } from '../../apps/server/src/modules/availability/day-cells.ts';
import { aPublishedInstructor, aStudent, signIn } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * A visitor searches in plain English for an instructor who just set their evenings through
 * the API: the availability write keeps the search's free time in step. Now is Monday
 * 2026-11-23, 10:00 in New York.
 */
describe('search journey', () => {
  let t: TestApp;
  let instructorId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const person = await aPublishedInstructor(t, { name: 'Ines Rivera', headline: 'Patient piano for beginners, online' });
    instructorId = person.id;
    const { authorization } = await signIn(t, person);
    const weekStart = '2026-11-23';
    const read = await t.app.inject({ method: 'GET', url: `/api/v1/me/availability?weekStart=${weekStart}`, headers: { authorization } });
    const evenings = templateDayFromRanges([['17:00', '21:00']]);
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/me/availability?weekStart=${weekStart}`,
      headers: { authorization, 'if-match': read.headers.etag as string },
      payload: { days: Array.from({ length: 7 }, (_, index) => ({ date: addDays(weekStart, index), cells: evenings })), blackouts: [] },
    });
    expect(saved.statusCode).toBe(200);
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('finds the instructor for "online piano tomorrow evening", with the parse and next open times', async () => {
    const response = await get(`/api/v1/search?q=${encodeURIComponent('online piano tomorrow evening')}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.parsed).toMatchObject({ services: [{ slug: 'piano', name: 'Piano' }], location: { kind: 'online' }, parser: 'fast' });
    expect(body.parsed).not.toHaveProperty('unresolved');
    expect(body.needsLocation).toBe(false);
    expect(body.items).toEqual([
      {
        instructor: { id: instructorId, name: 'Ines Rivera', headline: 'Patient piano for beginners, online', photoUrl: expect.any(String), founding: false },
        service: { id: expect.any(String), slug: 'piano', name: 'Piano', hourlyCents: 8_000 },
        serves: [{ mode: 'online', distanceMeters: null }],
        distanceMeters: null,
        nextStarts: [
          { start: '2026-11-24T22:00:00.000Z', durationMinutes: 60 },
          { start: '2026-11-24T23:00:00.000Z', durationMinutes: 60 },
          { start: '2026-11-25T00:00:00.000Z', durationMinutes: 60 },
        ],
      },
    ]);
    expect(body.nextCursor).toBeNull();
    expect(body.relaxations).toEqual([]);
  });

  it('answers a signed-in student the same way', async () => {
    const { authorization } = await signIn(t, await aStudent(t));
    const response = await get('/api/v1/search?q=piano', { authorization });
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toHaveLength(1);
  });

  it('follows the blocked days at once: a day off tomorrow leaves nobody, and suggests another day', async () => {
    const { authorization } = await signIn(t, { email: (await t.database.db.selectFrom('users').select('email').where('id', '=', instructorId).executeTakeFirstOrThrow()).email, password: 'correct horse battery staple' });
    const blocked = await t.app.inject({ method: 'POST', url: '/api/v1/me/availability/blackouts', headers: { authorization }, payload: { from: '2026-11-24', to: '2026-11-24' } });
    expect(blocked.statusCode).toBe(200);
    const body = (await get(`/api/v1/search?q=${encodeURIComponent('online piano tomorrow evening')}`)).json();
    expect(body.items).toEqual([]);
    expect(body.relaxations).toContainEqual({ kind: 'later', label: '1 on Wednesday', count: 1, params: { from: '2026-11-25T05:00:00.000Z', to: '2026-11-26T05:00:00.000Z' } });
  });

  it('parses without searching', async () => {
    const response = await get(`/api/v1/search/parse?q=${encodeURIComponent('piano near me under $90')}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ parsed: { services: [{ slug: 'piano' }], priceMaxCents: 9_000, location: { kind: 'near_me' } }, needsLocation: true });
  });

  it.each([
    ['lat without lng', '/api/v1/search?q=piano&lat=40.7', 'query.lng'],
    ['lat out of range', '/api/v1/search?q=piano&lat=999&lng=-73.9', 'query.lat'],
    ['a garbage cursor', '/api/v1/search?q=piano&cursor=garbage', 'query.cursor'],
    ['limit 0', '/api/v1/search?q=piano&limit=0', 'query.limit'],
    ['an unknown sort', '/api/v1/search?q=piano&sort=cheapest', 'query.sort'],
    ['a price that is not a number', '/api/v1/search?q=piano&priceMaxCents=cheap', 'query.priceMaxCents'],
    ['an unknown service', '/api/v1/search?q=piano&service=underwater-basket-weaving', 'query.service'],
    ['a neighborhood that is not an NTA code', '/api/v1/search?q=piano&neighborhood=Park%20Slope', 'query.neighborhood'],
    ['to before from', '/api/v1/search?q=piano&from=2026-11-25T00:00:00Z&to=2026-11-24T00:00:00Z', 'query.to'],
    ['a query too long', `/api/v1/search?q=${'a'.repeat(300)}`, 'query.q'],
    ['a parse query too long', `/api/v1/search/parse?q=${'a'.repeat(300)}`, 'query.q'],
  ])('refuses %s with 400 naming the field', async (_what, url, field) => {
    const response = await get(url);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json().errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it('refuses a NUL in the query with 400, never a 5xx', async () => {
    const response = await get('/api/v1/search?q=piano%00lessons');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
