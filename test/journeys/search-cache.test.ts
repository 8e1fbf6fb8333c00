import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { templateDayFromRanges } from '../../apps/server/src/modules/availability/availability.policy.ts';
import { addDays } from '../../apps/server/src/modules/availability/day-cells.ts';
import type { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { aPublishedInstructor, aStudent, signIn } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const WEEK = '2026-11-23';
const QUERY = `/api/v1/search?q=${encodeURIComponent('online piano')}`;

async function openEvenings(t: TestApp, authorization: string, ranges: Array<[string, string]>) {
  const read = await t.app.inject({ method: 'GET', url: `/api/v1/me/availability?weekStart=${WEEK}`, headers: { authorization } });
  const cells = templateDayFromRanges(ranges);
  const saved = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/me/availability?weekStart=${WEEK}`,
    headers: { authorization, 'if-match': read.headers.etag as string },
    payload: { days: Array.from({ length: 7 }, (_, index) => ({ date: addDays(WEEK, index), cells })), blackouts: [] },
  });
  expect(saved.statusCode).toBe(200);
}

/**
 * Search pages answered from memory (SEARCH_CACHE_SECONDS, search-page-cache.ts): the same
 * search in the same minute is built once, every search is still an event (history), a change
 * of free time through the API is seen at once, and other changes within the minute.
 */
describe('search pages from memory', () => {
  let t: TestApp;
  let instructor: { id: string; authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    const person = await aPublishedInstructor(t, { name: 'Ines Rivera', headline: 'Patient piano, online' });
    instructor = { id: person.id, authorization: (await signIn(t, person)).authorization };
    await openEvenings(t, instructor.authorization, [['17:00', '21:00']]);
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br, gzip', ...headers } });

  it('answers the same search with the same page, compressed, and 304 to a browser that has it', async () => {
    const first = await get(QUERY);
    const again = await get(`/api/v1/search?q=${encodeURIComponent('online piano')}&sort=relevance`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-encoding']).toBe('br');
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(again.headers.etag).toBe(first.headers.etag);
    expect((await get(QUERY, { 'if-none-match': first.headers.etag as string })).statusCode).toBe(304);
    const plain = await get(QUERY, { 'accept-encoding': 'identity' });
    expect(plain.json().items.map((item: { instructor: { id: string } }) => item.instructor.id)).toEqual([instructor.id]);
  });

  it('records every search as an event of who searched, answered from memory or not', async () => {
    const student = await aStudent(t);
    const { authorization } = await signIn(t, student);
    for (let i = 0; i < 3; i++) expect((await get(QUERY, { authorization })).statusCode).toBe(200);
    await vi.waitFor(async () => {
      const events = await t.database.db.selectFrom('searchEvents').select(['query', 'resultCount']).where('userId', '=', student.id).execute();
      expect(events).toEqual(Array.from({ length: 3 }, () => ({ query: 'online piano', resultCount: 1 })));
    });
    expect((await get('/api/v1/me/search-history', { authorization })).json().items).toMatchObject([{ query: 'online piano' }]);
  });

  it('forgets the pages at once when free time changes through the API', async () => {
    await openEvenings(t, instructor.authorization, []);
    expect((await get(QUERY, { 'accept-encoding': 'identity' })).json().items).toEqual([]);
    await openEvenings(t, instructor.authorization, [['17:00', '21:00']]);
    expect((await get(QUERY, { 'accept-encoding': 'identity' })).json().items).toHaveLength(1);
  });

  it('keeps a page no longer than its minute of the Clock', async () => {
    await get(QUERY);
    // A change that no route made (an operator's SQL) is not announced: the page of this minute stays.
    await t.database.db.updateTable('instructorProfiles').set({ headline: 'Jazz piano, online' }).where('userId', '=', instructor.id).execute();
    const headline = async () => (await get(QUERY, { 'accept-encoding': 'identity' })).json().items[0].instructor.headline;
    expect(await headline()).toBe('Patient piano, online');
    (t.clock as ControllableClock).advance(60_000);
    expect(await headline()).toBe('Jazz piano, online');
  });
});

describe('search pages from memory, turned off (SEARCH_CACHE_SECONDS=0)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { SEARCH_CACHE_SECONDS: '0' } });
  });
  afterAll(() => t.close());

  it('builds every page anew', async () => {
    const person = await aPublishedInstructor(t, { headline: 'Patient piano, online' });
    await openEvenings(t, (await signIn(t, person)).authorization, [['17:00', '21:00']]);
    const headline = async () => (await t.app.inject({ method: 'GET', url: QUERY })).json().items[0].instructor.headline;
    expect(await headline()).toBe('Patient piano, online');
    await t.database.db.updateTable('instructorProfiles').set({ headline: 'Jazz piano, online' }).where('userId', '=', person.id).execute();
    expect(await headline()).toBe('Jazz piano, online');
  });
});
