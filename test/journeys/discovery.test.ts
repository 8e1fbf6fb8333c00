import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseSearchEventRecorder, SearchEvent } from '../../apps/server/src/modules/discovery/search-events.ts';
import { EMPTY_SEARCH_PARSE } from '../../apps/server/src/modules/search/search-parse.types.ts';
import type { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { createDiscoveryModule } from '../../apps/server/src/modules/discovery/discovery.module.ts';
import { anInstructor, aPublishedInstructor, aStudent, signIn } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';


const UNKNOWN_ID = '01JAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * A student hearts instructors, opens profiles and searches; then reads and prunes what the
 * marketplace remembers. Searches are recorded the way the search service does, through the
 * recorder (flushed, so the story is deterministic).
 */
describe('discovery journey: favorites, recently viewed, search history', () => {
  let t: TestApp;
  let clock: ControllableClock;
  let recorder: DatabaseSearchEventRecorder;
  let student: { authorization: string; id: string };
  let other: { authorization: string; id: string };
  let pianist: string;
  let guitarist: string;
  let hidden: string;
  const problems: unknown[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    clock = t.clock as ControllableClock;
    recorder = createDiscoveryModule({
      db: t.database.db,
      clock: t.clock,
      ids: t.ids,
      storage: { signedGetUrl: async (key: string) => `https://media.test/${key}` } as never,
      onRecordError: (error) => problems.push(error),
    }).searchEvents;
    const a = await aStudent(t);
    student = { authorization: (await signIn(t, a)).authorization, id: a.id };
    const b = await aStudent(t);
    other = { authorization: (await signIn(t, b)).authorization, id: b.id };
    pianist = (await aPublishedInstructor(t, { name: 'Ines Pianist', headline: 'Piano for all ages' })).id;
    guitarist = (await aPublishedInstructor(t, { name: 'Gus Guitar', services: [{ slug: 'guitar' }] })).id;
    hidden = (await aPublishedInstructor(t, { approved: false })).id;
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, who: { authorization: string } | null = student, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: who ? { authorization: who.authorization } : {}, ...(payload === undefined ? {} : { payload }) });

  const search = async (userId: string | null, query: string) => {
    const event: SearchEvent = { userId, query, parsed: EMPTY_SEARCH_PARSE, resultCount: 3, latencyMs: 4.2, parser: 'fast', unresolvedLocationWords: [] };
    recorder.record(event);
    await recorder.flush();
  };

  describe('favorites', () => {
    it('favorites a public instructor, idempotently, and lists them newest first as cards', async () => {
      expect((await call('PUT', `/me/favorites/${pianist}`)).statusCode).toBe(204);
      clock.advance(60_000);
      expect((await call('PUT', `/me/favorites/${guitarist}`)).statusCode).toBe(204);
      clock.advance(60_000);
      expect((await call('PUT', `/me/favorites/${pianist}`)).statusCode).toBe(204);

      const response = await call('GET', '/me/favorites');
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.nextCursor).toBeNull();
      expect(body.items.map((item: { instructor: { id: string } }) => item.instructor.id)).toEqual([guitarist, pianist]);
      expect(body.items[1]).toEqual({
        instructor: { id: pianist, name: 'Ines Pianist', headline: 'Piano for all ages', photoUrl: expect.stringMatching(/\/96\.webp\?/), founding: false },
        favoritedAt: '2026-11-23T15:00:00.000Z',
      });
    });

    it('pages through favorites with the cursor, without duplicates or gaps', async () => {
      const first = (await call('GET', '/me/favorites?limit=1')).json();
      expect(first.items).toHaveLength(1);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = (await call('GET', `/me/favorites?limit=1&cursor=${first.nextCursor}`)).json();
      expect(second.items.map((item: { instructor: { id: string } }) => item.instructor.id)).toEqual([pianist]);
      expect(second.nextCursor).toBeNull();
    });

    it('keeps favorites per person', async () => {
      expect((await call('GET', '/me/favorites', other)).json()).toEqual({ items: [], nextCursor: null });
    });

    it('answers 404 for an instructor who is not public, or no one', async () => {
      for (const id of [hidden, UNKNOWN_ID, student.id]) {
        const response = await call('PUT', `/me/favorites/${id}`);
        expect(response.statusCode).toBe(404);
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
    });

    it('unfavorites, idempotently', async () => {
      expect((await call('DELETE', `/me/favorites/${guitarist}`)).statusCode).toBe(204);
      expect((await call('DELETE', `/me/favorites/${guitarist}`)).statusCode).toBe(204);
      expect((await call('DELETE', `/me/favorites/${UNKNOWN_ID}`)).statusCode).toBe(204);
      const ids = (await call('GET', '/me/favorites')).json().items.map((item: { instructor: { id: string } }) => item.instructor.id);
      expect(ids).toEqual([pianist]);
    });

    it('names the field of a bad id or cursor', async () => {
      const badId = await call('PUT', '/me/favorites/not-an-id');
      expect(badId.statusCode).toBe(400);
      expect(badId.json().errors).toEqual([expect.objectContaining({ field: 'path.instructorId' })]);
      const badCursor = await call('GET', '/me/favorites?cursor=nonsense');
      expect(badCursor.statusCode).toBe(400);
      expect(badCursor.json().errors).toEqual([expect.objectContaining({ field: 'query.cursor' })]);
    });
  });

  describe('recently viewed', () => {
    it('lists the profiles opened, newest first, each once', async () => {
      expect((await call('POST', '/me/recently-viewed', student, { instructorId: pianist })).statusCode).toBe(204);
      clock.advance(60_000);
      expect((await call('POST', '/me/recently-viewed', student, { instructorId: guitarist })).statusCode).toBe(204);
      clock.advance(60_000);
      expect((await call('POST', '/me/recently-viewed', student, { instructorId: pianist })).statusCode).toBe(204);
      const body = (await call('GET', '/me/recently-viewed')).json();
      expect(body.items.map((item: { instructor: { id: string }; viewedAt: string }) => [item.instructor.id, item.viewedAt])).toEqual([
        [pianist, clock.now().toISOString()],
        [guitarist, new Date(clock.nowMs() - 60_000).toISOString()],
      ]);
      expect((await call('GET', '/me/recently-viewed', other)).json()).toEqual({ items: [] });
    });

    it('keeps only the latest 12', async () => {
      for (let index = 0; index < 13; index += 1) {
        const id = (await aPublishedInstructor(t)).id;
        clock.advance(1_000);
        expect((await call('POST', '/me/recently-viewed', other, { instructorId: id })).statusCode).toBe(204);
      }
      expect((await call('GET', '/me/recently-viewed', other)).json().items).toHaveLength(12);
    });

    it('refuses an instructor who is not public (404) and a malformed id (400 naming the field)', async () => {
      expect((await call('POST', '/me/recently-viewed', student, { instructorId: hidden })).statusCode).toBe(404);
      const bad = await call('POST', '/me/recently-viewed', student, { instructorId: 'x' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'body.instructorId' })]);
      const missing = await call('POST', '/me/recently-viewed', student, {});
      expect(missing.statusCode).toBe(400);
      expect(missing.json().errors).toEqual([expect.objectContaining({ field: 'body.instructorId' })]);
    });
  });

  describe('search history', () => {
    let othersLine = '';

    it('lists the signed-in searches, one line per query, newest first; anonymous and empty searches are not history', async () => {
      await search(student.id, 'piano in park slope');
      clock.advance(60_000);
      await search(student.id, 'spanish tutor');
      clock.advance(60_000);
      await search(student.id, '  Piano  in Park Slope ');
      clock.advance(60_000);
      await search(student.id, '');
      await search(null, 'anonymous search');
      await search(other.id, 'chess');
      expect(problems).toEqual([]);

      const body = (await call('GET', '/me/search-history')).json();
      expect(body.nextCursor).toBeNull();
      expect(body.items.map((item: { query: string; searchedAt: string }) => [item.query, item.searchedAt])).toEqual([
        ['  Piano  in Park Slope ', new Date(clock.nowMs() - 60_000).toISOString()],
        ['spanish tutor', new Date(clock.nowMs() - 120_000).toISOString()],
      ]);
      othersLine = (await call('GET', '/me/search-history', other)).json().items[0].id;
    });

    it('pages with the cursor', async () => {
      const first = (await call('GET', '/me/search-history?limit=1')).json();
      const second = (await call('GET', `/me/search-history?limit=1&cursor=${first.nextCursor}`)).json();
      expect([...first.items, ...second.items].map((item: { query: string }) => item.query)).toEqual(['  Piano  in Park Slope ', 'spanish tutor']);
      expect(second.nextCursor).toBeNull();
    });

    it("answers 404 for another user's line, and leaves it alone", async () => {
      const response = await call('DELETE', `/me/search-history/${othersLine}`);
      expect(response.statusCode).toBe(404);
      expect((await call('GET', '/me/search-history', other)).json().items).toHaveLength(1);
      expect((await call('DELETE', `/me/search-history/${UNKNOWN_ID}`)).statusCode).toBe(404);
      const bad = await call('DELETE', '/me/search-history/nope');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'path.id' })]);
    });

    it('deletes one line: every search of that query goes', async () => {
      const lines = (await call('GET', '/me/search-history')).json().items;
      expect((await call('DELETE', `/me/search-history/${lines[0].id}`)).statusCode).toBe(204);
      expect((await call('GET', '/me/search-history')).json().items.map((item: { query: string }) => item.query)).toEqual(['spanish tutor']);
      const left = await t.database.db.selectFrom('searchEvents').select('query').where('userId', '=', student.id).execute();
      expect(left.map((row) => row.query).sort()).toEqual(['', 'spanish tutor']);
      expect((await call('DELETE', `/me/search-history/${lines[0].id}`)).statusCode).toBe(404);
    });

    it('deletes the whole history, idempotently, and only the caller’s', async () => {
      expect((await call('DELETE', '/me/search-history')).statusCode).toBe(204);
      expect((await call('DELETE', '/me/search-history')).statusCode).toBe(204);
      expect((await call('GET', '/me/search-history')).json()).toEqual({ items: [], nextCursor: null });
      expect(await t.database.db.selectFrom('searchEvents').select('id').where('userId', '=', student.id).execute()).toEqual([]);
      expect((await call('GET', '/me/search-history', other)).json().items).toHaveLength(1);
    });
  });

  it('asks for a login without a token (401) and refuses people without the student permissions (403)', async () => {
    const routes: Array<['GET' | 'PUT' | 'POST' | 'DELETE', string]> = [
      ['PUT', `/me/favorites/${pianist}`],
      ['DELETE', `/me/favorites/${pianist}`],
      ['GET', '/me/favorites'],
      ['POST', '/me/recently-viewed'],
      ['GET', '/me/recently-viewed'],
      ['GET', '/me/search-history'],
      ['DELETE', `/me/search-history/${UNKNOWN_ID}`],
      ['DELETE', '/me/search-history'],
    ];
    const teacher = await anInstructor(t);
    const instructor = { authorization: (await signIn(t, teacher)).authorization };
    for (const [method, url] of routes) {
      const payload = method === 'POST' ? { instructorId: pianist } : undefined;
      expect((await call(method, url, null, payload)).statusCode, `${method} ${url}`).toBe(401);
      expect((await call(method, url, instructor, payload)).statusCode, `${method} ${url}`).toBe(403);
    }
  });
});
