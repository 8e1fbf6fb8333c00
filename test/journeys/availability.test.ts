import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../apps/server/src/modules/availability/day-cells.ts';
import type { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { anInstructor, aPublishedInstructor, aStudent, signIn } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const NINE_TO_FIVE = '000000000FFFFFFFF0000000';
const TEN_TO_TWO = '0000000000FFFF0000000000';
const NOTHING = '0'.repeat(24);

/**
 * An instructor sets up their week the way the web app will: read a week with its ETag, save
 * it with If-Match, lose a race to another tab, fill weeks from a template; then a student
 * looks up bookable times. The test clock starts Monday 2026-11-23, 10:00 in New York.
 */
describe('availability journey', () => {
  let t: TestApp;
  let clock: ControllableClock;
  let instructorId: string;
  let instructor: { authorization: string };
  let student: { authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    clock = t.clock as ControllableClock;
    // Published and approved, teaching piano (60-minute lessons only): slots are only offered for what is sold.
    const person = await aPublishedInstructor(t);
    instructorId = person.id;
    // The bearer token only: a refresh cookie would make unsafe requests subject to the CSRF origin check.
    instructor = { authorization: (await signIn(t, person)).authorization };
    student = { authorization: (await signIn(t, await aStudent(t))).authorization };
  });
  afterAll(() => t.close());

  const week = (weekStart: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: `/api/v1/me/availability?weekStart=${weekStart}`, headers: { ...instructor, ...headers } });
  const save = (weekStart: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'PUT', url: `/api/v1/me/availability?weekStart=${weekStart}`, headers: { ...instructor, ...headers }, payload });
  const weekBody = (weekStart: string, cells: (index: number) => string, blackouts: unknown[] = []) => ({
    days: Array.from({ length: 7 }, (_, index) => ({ date: addDays(weekStart, index), cells: cells(index) })),
    blackouts,
  });

  let firstEtag = '';
  let savedEtag = '';

  it('reads an untouched week: seven empty days and an ETag', async () => {
    const response = await week('2026-11-30');
    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"2026-11-30.v0"');
    expect(response.headers['cache-control']).toBe('private, no-cache');
    const body = response.json();
    expect(body).toMatchObject({ weekStart: '2026-11-30', timeZone: 'America/New_York', blackouts: [], etag: '"2026-11-30.v0"' });
    expect(body.days).toHaveLength(7);
    expect(body.days[0]).toEqual({ date: '2026-11-30', cellCount: 96, cells: NOTHING });
    firstEtag = response.headers.etag as string;
  });

  it('saves the week with If-Match and gets the next ETag', async () => {
    const response = await save(
      '2026-11-30',
      weekBody('2026-11-30', (i) => (i < 5 ? NINE_TO_FIVE : NOTHING), [{ date: '2026-12-04', reason: 'Recital' }]),
      {
        'if-match': firstEtag,
      },
    );
    expect(response.statusCode).toBe(200);
    savedEtag = response.headers.etag as string;
    expect(savedEtag).toBe('"2026-11-30.v1"');
    expect(response.json().blackouts).toEqual([{ date: '2026-12-04', reason: 'Recital' }]);
    const reread = await week('2026-11-30');
    expect(reread.headers.etag).toBe(savedEtag);
    expect(reread.json().days.map((day: { cells: string }) => day.cells)).toEqual([...Array(5).fill(NINE_TO_FIVE), NOTHING, NOTHING]);
  });

  it('refuses a stale write from another tab with 412 and the current week', async () => {
    const response = await save(
      '2026-11-30',
      weekBody('2026-11-30', () => NOTHING),
      { 'if-match': firstEtag },
    );
    expect(response.statusCode).toBe(412);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers.etag).toBe(savedEtag);
    const problem = response.json();
    expect(problem).toMatchObject({ status: 412, code: 'precondition_failed' });
    expect(problem.current).toEqual((await week('2026-11-30')).json());
    expect(problem.current.days[0].cells).toBe(NINE_TO_FIVE);
  });

  it('requires If-Match: 428 without it (or with *)', async () => {
    const missing = await save(
      '2026-11-30',
      weekBody('2026-11-30', () => NOTHING),
    );
    expect(missing.statusCode).toBe(428);
    expect(missing.json()).toMatchObject({ code: 'precondition_required', title: 'Precondition required' });
    const star = await save(
      '2026-11-30',
      weekBody('2026-11-30', () => NOTHING),
      { 'if-match': '*' },
    );
    expect(star.statusCode).toBe(428);
    expect((await week('2026-11-30')).headers.etag).toBe(savedEtag);
  });

  it('lets only instructors manage availability', async () => {
    expect((await week('2026-11-30', student)).statusCode).toBe(403);
    expect(
      (
        await save(
          '2026-11-30',
          weekBody('2026-11-30', () => NOTHING),
          { ...student, 'if-match': savedEtag },
        )
      ).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/availability/template', headers: student })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/availability?weekStart=2026-11-30' })).statusCode).toBe(401);
  });

  it('explains invalid weeks field by field, including the length of clock-change days', async () => {
    const tuesday = await week('2026-12-01');
    expect(tuesday.statusCode).toBe(400);
    expect(tuesday.json().errors).toEqual([{ field: 'query.weekStart', reason: 'must be a Monday (weeks start on Monday)' }]);

    const fallBackWeek = await week('2026-10-26');
    expect(fallBackWeek.json().days[6]).toEqual({ date: '2026-11-01', cellCount: 100, cells: '0'.repeat(25) });
    const wrongLength = await save(
      '2026-10-26',
      weekBody('2026-10-26', () => NINE_TO_FIVE),
      { 'if-match': fallBackWeek.headers.etag as string },
    );
    expect(wrongLength.statusCode).toBe(400);
    expect(wrongLength.json().errors).toEqual([
      {
        field: 'body.days.6.cells',
        reason: 'must be 25 hexadecimal digits: 2026-11-01 has 25 hours in New York (clocks fall back that day)',
      },
    ]);

    const incomplete = await save(
      '2026-11-30',
      { days: weekBody('2026-11-30', () => NOTHING).days.slice(0, 6), blackouts: [{ date: '2026-12-25' }] },
      { 'if-match': savedEtag },
    );
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().errors).toEqual([
      { field: 'body.days', reason: 'must list each of the 7 dates of the week once (missing 2026-12-06)' },
      { field: 'body.blackouts.0.date', reason: 'is not in the week starting 2026-11-30' },
    ]);

    const notHex = await save(
      '2026-11-30',
      weekBody('2026-11-30', () => 'x'.repeat(24)),
      { 'if-match': savedEtag },
    );
    expect(notHex.statusCode).toBe(400);
    expect(notHex.json().errors[0].field).toBe('body.days.0.cells');
  });

  it('fills three weeks from the template, which changes their ETags', async () => {
    const template = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/availability/template',
      headers: instructor,
      payload: {
        days: {
          monday: NINE_TO_FIVE,
          tuesday: NINE_TO_FIVE,
          wednesday: NINE_TO_FIVE,
          thursday: NINE_TO_FIVE,
          friday: NINE_TO_FIVE,
          saturday: TEN_TO_TWO,
          sunday: NOTHING,
        },
      },
    });
    expect(template.statusCode).toBe(200);
    expect(template.json()).toMatchObject({
      timeZone: 'America/New_York',
      days: { monday: NINE_TO_FIVE, saturday: TEN_TO_TWO },
      updatedAt: '2026-11-23T15:00:00.000Z',
    });

    const applied = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/availability/template/apply',
      headers: instructor,
      payload: { fromWeek: '2026-11-23', weeks: 3 },
    });
    expect(applied.statusCode).toBe(200);
    expect(applied.json().weeks).toEqual([
      { weekStart: '2026-11-23', etag: '"2026-11-23.v1"' },
      { weekStart: '2026-11-30', etag: '"2026-11-30.v2"' },
      { weekStart: '2026-12-07', etag: '"2026-12-07.v1"' },
    ]);
    const third = (await week('2026-12-07')).json();
    expect(third.days.map((day: { cells: string }) => day.cells)).toEqual([...Array(5).fill(NINE_TO_FIVE), TEN_TO_TWO, NOTHING]);
    // The template replaced the days; the blackout saved earlier stays.
    expect((await week('2026-11-30')).json().blackouts).toEqual([{ date: '2026-12-04', reason: 'Recital' }]);
    // An editor still holding the pre-template ETag cannot undo it silently.
    expect(
      (
        await save(
          '2026-11-30',
          weekBody('2026-11-30', () => NOTHING),
          { 'if-match': savedEtag },
        )
      ).statusCode,
    ).toBe(412);

    const tooMany = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/availability/template/apply',
      headers: instructor,
      payload: { fromWeek: '2026-11-24', weeks: 27 },
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.weeks']);
  });

  it('shows students bookable starts that respect the two hours of notice and blackouts', async () => {
    const service = await t.database.db.selectFrom('services').select('id').where('slug', '=', 'piano').executeTakeFirstOrThrow();
    const slots = (query: string) =>
      t.app.inject({ method: 'GET', url: `/api/v1/instructors/${instructorId}/slots?serviceId=${service.id}&${query}`, headers: student });

    const response = await slots('durationMinutes=60&from=2026-11-23&to=2026-12-06');
    expect(response.statusCode).toBe(200);
    const body = response.json() as { timeZone: string; durationMinutes: number; slots: Array<{ start: string; end: string }> };
    expect(body).toMatchObject({ timeZone: 'America/New_York', durationMinutes: 60 });
    // It is 10:00 in New York: with 2 hours' notice today's first lesson starts at noon (17:00Z).
    expect(body.slots[0]).toEqual({ start: '2026-11-23T17:00:00.000Z', end: '2026-11-23T18:00:00.000Z' });
    expect(body.slots.filter((slot) => slot.start.startsWith('2026-11-23'))).toHaveLength((16 - 12) * 4 + 1);
    // The last start of a 09:00–17:00 day is 16:00; 10:00–14:00 Saturday ends at 13:00 starts.
    expect(body.slots.some((slot) => slot.start === '2026-11-24T21:00:00.000Z')).toBe(true);
    expect(body.slots.some((slot) => slot.start === '2026-11-24T21:15:00.000Z')).toBe(false);
    expect(body.slots.filter((slot) => slot.start.startsWith('2026-11-28')).at(-1)?.start).toBe('2026-11-28T18:00:00.000Z');
    // Friday 2026-12-04 is blacked out; Sundays are empty.
    const dates = new Set(body.slots.map((slot) => slot.start.slice(0, 10)));
    expect(dates.has('2026-12-04')).toBe(false);
    expect(dates.has('2026-11-29')).toBe(false);
    expect(dates.has('2026-12-03')).toBe(true);

    // Time passes: at 15:50 the notice moves the first start of the day to 18:00, past the last one.
    clock.set('2026-11-23T20:50:00Z');
    const later = (await slots('durationMinutes=60&from=2026-11-23&to=2026-11-23')).json();
    expect(later.slots).toEqual([]);
  });

  it('validates slot queries', async () => {
    const service = await t.database.db.selectFrom('services').select(['id', 'durations']).where('slug', '=', 'piano').executeTakeFirstOrThrow();
    const get = (query: string, id = instructorId) => t.app.inject({ method: 'GET', url: `/api/v1/instructors/${id}/slots?${query}` });

    const tooLong = await get(`serviceId=${service.id}&durationMinutes=60&from=2026-11-23&to=2027-01-18`);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors[0].field).toBe('query.to');
    expect((await get(`serviceId=${service.id}&durationMinutes=60&from=2026-11-23&to=2027-01-17`)).statusCode).toBe(200);
    const backwards = await get(`serviceId=${service.id}&durationMinutes=60&from=2026-11-23&to=2026-11-22`);
    expect(backwards.json().errors[0]).toEqual({ field: 'query.to', reason: 'must not be before from' });
    const badDate = await get(`serviceId=${service.id}&durationMinutes=60&from=2026-02-30&to=2026-03-01`);
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().errors[0].field).toBe('query.from');
    const unknown = await get(`serviceId=${service.id}&durationMinutes=60&from=2026-11-23&to=2026-11-29`, '01JAAAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'not_found', detail: 'Instructor was not found' });
    expect((await get(`serviceId=01JAAAAAAAAAAAAAAAAAAAAAAA&durationMinutes=60&from=2026-11-23&to=2026-11-29`)).statusCode).toBe(404);
  });

  it('offers slots only for what the instructor really sells', async () => {
    const serviceId = (slug: string) =>
      t.database.db.selectFrom('services').select('id').where('slug', '=', slug).executeTakeFirstOrThrow().then((row) => row.id);
    const [piano, guitar] = [await serviceId('piano'), await serviceId('guitar')];
    const get = (id: string, query: string) =>
      t.app.inject({ method: 'GET', url: `/api/v1/instructors/${id}/slots?${query}&from=2026-11-30&to=2026-12-06`, headers: student });

    // An instructor with no profile, a draft one, and a published one not yet approved are not bookable: 404, as if absent.
    const bare = await anInstructor(t);
    const draft = await aPublishedInstructor(t, { status: 'draft', approved: false });
    const unapproved = await aPublishedInstructor(t, { approved: false });
    for (const hidden of [bare, draft, unapproved]) {
      const response = await get(hidden.id, `serviceId=${piano}&durationMinutes=60`);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ status: 404, code: 'not_found', detail: 'Instructor was not found' });
    }

    // Approved, but guitar is not something this instructor teaches.
    const notOffered = await get(instructorId, `serviceId=${guitar}&durationMinutes=60`);
    expect(notOffered.statusCode).toBe(404);
    expect(notOffered.json()).toMatchObject({ code: 'not_found', detail: 'Service was not found' });

    // Piano allows 30 minutes in the catalog, but this instructor only prices 60.
    const notPriced = await get(instructorId, `serviceId=${piano}&durationMinutes=30`);
    expect(notPriced.statusCode).toBe(400);
    expect(notPriced.json()).toMatchObject({ code: 'validation_failed' });
    expect(notPriced.json().errors).toEqual([
      { field: 'query.durationMinutes', reason: 'must be one of 60 (the lesson lengths this instructor offers for this service)' },
    ]);

    // Another instructor pricing two lengths: both are searchable, the list names both.
    const both = await aPublishedInstructor(t, {
      services: [{ slug: 'piano', rates: [{ durationMinutes: 30, rateCents: 4_500 }, { durationMinutes: 60, rateCents: 8_000 }] }],
    });
    expect((await get(both.id, `serviceId=${piano}&durationMinutes=30`)).statusCode).toBe(200);
    expect((await get(both.id, `serviceId=${piano}&durationMinutes=45`)).json().errors[0].reason).toBe(
      'must be one of 30, 60 (the lesson lengths this instructor offers for this service)',
    );
  });
});

/**
 * Days off on their own screen: an instructor blocks ranges of dates, lists them, unblocks one.
 * Each change moves the touched weeks' ETags, so a week editor still holding an older ETag
 * cannot save the week without the blackout. The test clock starts Monday 2026-11-23, 10:00
 * in New York.
 */
describe('blackout dates journey', () => {
  let t: TestApp;
  let instructorId: string;
  let instructor: { authorization: string };
  let student: { authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    const person = await aPublishedInstructor(t);
    instructorId = person.id;
    instructor = { authorization: (await signIn(t, person)).authorization };
    student = { authorization: (await signIn(t, await aStudent(t))).authorization };
  });
  afterAll(() => t.close());

  const list = (query = '', headers: Record<string, string> = instructor) =>
    t.app.inject({ method: 'GET', url: `/api/v1/me/availability/blackouts${query}`, headers });
  const block = (payload: Record<string, unknown>, headers: Record<string, string> = instructor) =>
    t.app.inject({ method: 'POST', url: '/api/v1/me/availability/blackouts', headers, payload });
  const unblock = (date: string, headers: Record<string, string> = instructor) =>
    t.app.inject({ method: 'DELETE', url: `/api/v1/me/availability/blackouts/${date}`, headers });
  const week = (weekStart: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/me/availability?weekStart=${weekStart}`, headers: instructor });
  const dates = (body: { blackouts: Array<{ date: string }> }) => body.blackouts.map((blackout) => blackout.date);

  it('blocks a range across two weeks and lists it', async () => {
    const created = await block({ from: '2026-12-24', to: '2027-01-01', reason: ' Holidays ' });
    expect(created.statusCode).toBe(200);
    const body = created.json();
    expect(body).toMatchObject({ from: '2026-12-24', to: '2027-01-01', timeZone: 'America/New_York' });
    expect(dates(body)).toEqual([
      '2026-12-24', '2026-12-25', '2026-12-26', '2026-12-27', '2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01',
    ]);
    expect(body.blackouts.every((blackout: { reason: string }) => blackout.reason === 'Holidays')).toBe(true);
    expect(body.weeks).toEqual([
      { weekStart: '2026-12-21', etag: '"2026-12-21.v1"' },
      { weekStart: '2026-12-28', etag: '"2026-12-28.v1"' },
    ]);

    // By default: from today (New York) for a year.
    const all = await list();
    expect(all.statusCode).toBe(200);
    expect(all.json()).toMatchObject({ from: '2026-11-23', to: '2027-11-23', timeZone: 'America/New_York' });
    expect(dates(all.json())).toEqual(dates(body));
    const some = (await list('?from=2026-12-30&to=2027-01-31')).json();
    expect(some.blackouts).toEqual([
      { date: '2026-12-30', reason: 'Holidays' },
      { date: '2026-12-31', reason: 'Holidays' },
      { date: '2027-01-01', reason: 'Holidays' },
    ]);
    // The week views show them too.
    expect((await week('2026-12-28')).json().blackouts).toHaveLength(5);
  });

  it('upserts an overlapping range: one row per date, the new reason', async () => {
    const response = await block({ from: '2026-12-31', to: '2027-01-02', reason: 'New Year' });
    expect(response.statusCode).toBe(200);
    expect(response.json().blackouts).toEqual([
      { date: '2026-12-31', reason: 'New Year' },
      { date: '2027-01-01', reason: 'New Year' },
      { date: '2027-01-02', reason: 'New Year' },
    ]);
    expect(response.json().weeks).toEqual([{ weekStart: '2026-12-28', etag: '"2026-12-28.v2"' }]);
    const all = (await list()).json();
    expect(dates(all)).toHaveLength(10);
    expect(new Set(dates(all)).size).toBe(10);
    expect(all.blackouts.find((b: { date: string }) => b.date === '2026-12-30').reason).toBe('Holidays');
    // Without a reason the dates keep being blocked, with no reason.
    const plain = await block({ from: '2027-01-02', to: '2027-01-02' });
    expect(plain.json().blackouts).toEqual([{ date: '2027-01-02', reason: null }]);
  });

  it('unblocks a whole range in one request (204), and refuses a range too long or backwards', async () => {
    const blocked = await block({ from: '2027-02-01', to: '2027-02-10', reason: 'Tour' });
    expect(blocked.statusCode).toBe(200);
    const before = (await week('2027-02-08')).headers.etag;
    const response = await t.app.inject({ method: 'DELETE', url: '/api/v1/me/availability/blackouts/2027-02-01?to=2027-02-10', headers: instructor });
    expect(response.statusCode).toBe(204);
    expect(dates((await list('?from=2027-01-31&to=2027-02-11')).json())).toEqual([]);
    expect((await week('2027-02-08')).headers.etag).not.toBe(before);

    const backwards = await t.app.inject({ method: 'DELETE', url: '/api/v1/me/availability/blackouts/2027-02-10?to=2027-02-01', headers: instructor });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors).toEqual([{ field: 'query.to', reason: 'must not be before the date' }]);
    const tooLong = await t.app.inject({ method: 'DELETE', url: '/api/v1/me/availability/blackouts/2027-02-01?to=2027-06-01', headers: instructor });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors[0].field).toBe('query.to');
  });

  it('unblocks one date (204), moving its week’s ETag; 404 when it was not blocked', async () => {
    const before = (await week('2026-12-21')).headers.etag;
    expect(before).toBe('"2026-12-21.v1"');
    const response = await unblock('2026-12-25');
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect((await week('2026-12-21')).headers.etag).toBe('"2026-12-21.v2"');
    expect(dates((await list()).json())).not.toContain('2026-12-25');

    const again = await unblock('2026-12-25');
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ code: 'not_found', detail: 'Blackout was not found' });
    expect((await week('2026-12-21')).headers.etag).toBe('"2026-12-21.v2"');
    expect((await unblock('2026-12-32')).statusCode).toBe(400);
  });

  it('makes a week editor holding an ETag from before the blackout get 412, not undo it', async () => {
    const read = await week('2027-01-04');
    const oldEtag = read.headers.etag as string;
    expect((await block({ from: '2027-01-05', to: '2027-01-06', reason: 'Conference' })).statusCode).toBe(200);
    const stale = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/availability?weekStart=2027-01-04',
      headers: { ...instructor, 'if-match': oldEtag },
      payload: { days: read.json().days.map((day: { date: string; cells: string }) => ({ date: day.date, cells: NINE_TO_FIVE })), blackouts: [] },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().current.blackouts).toEqual([
      { date: '2027-01-05', reason: 'Conference' },
      { date: '2027-01-06', reason: 'Conference' },
    ]);
    expect(dates((await list('?from=2027-01-04&to=2027-01-10')).json())).toEqual(['2027-01-05', '2027-01-06']);
  });

  it('keeps blocked dates out of bookable slots', async () => {
    const read = await week('2026-11-30');
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/availability?weekStart=2026-11-30',
      headers: { ...instructor, 'if-match': read.headers.etag as string },
      payload: {
        days: read.json().days.map((day: { date: string }, index: number) => ({ date: day.date, cells: index < 5 ? NINE_TO_FIVE : NOTHING })),
        blackouts: [],
      },
    });
    expect(saved.statusCode).toBe(200);
    const piano = await t.database.db.selectFrom('services').select('id').where('slug', '=', 'piano').executeTakeFirstOrThrow();
    const slotDates = async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/instructors/${instructorId}/slots?serviceId=${piano.id}&durationMinutes=60&from=2026-11-30&to=2026-12-06`,
        headers: student,
      });
      expect(response.statusCode).toBe(200);
      return new Set(response.json().slots.map((slot: { start: string }) => slot.start.slice(0, 10)));
    };
    expect(await slotDates()).toEqual(new Set(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']));
    expect((await block({ from: '2026-12-02', to: '2026-12-03', reason: 'Recital' })).statusCode).toBe(200);
    expect(await slotDates()).toEqual(new Set(['2026-11-30', '2026-12-01', '2026-12-04']));
    expect((await unblock('2026-12-03')).statusCode).toBe(204);
    expect(await slotDates()).toEqual(new Set(['2026-11-30', '2026-12-01', '2026-12-03', '2026-12-04']));
  });

  it('explains invalid ranges field by field and changes nothing', async () => {
    const before = (await list()).json();
    const etagBefore = (await week('2026-11-23')).headers.etag;
    const cases: Array<[Record<string, unknown>, Array<{ field: string; reason: string }>]> = [
      [{ from: '2026-11-22', to: '2026-11-24' }, [{ field: 'body.from', reason: 'must not be in the past (today is 2026-11-23 in New York)' }]],
      [{ from: '2026-12-10', to: '2026-12-09' }, [{ field: 'body.to', reason: 'must not be before from' }]],
      [{ from: '2026-12-01', to: '2027-03-01' }, [{ field: 'body.to', reason: 'must be within 90 days of from, both included' }]],
      [
        { from: '2026-11-01', to: '2026-10-31' },
        [
          { field: 'body.from', reason: 'must not be in the past (today is 2026-11-23 in New York)' },
          { field: 'body.to', reason: 'must not be before from' },
        ],
      ],
    ];
    for (const [payload, errors] of cases) {
      const response = await block(payload);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ code: 'validation_failed', errors });
    }
    const schema = await block({ from: '2026-02-30', to: '2026-03-01', reason: 'x'.repeat(201) });
    expect(schema.statusCode).toBe(400);
    expect(schema.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.from', 'body.reason']);

    const tooLong = await list('?from=2026-11-23&to=2027-11-24');
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors).toEqual([{ field: 'query.to', reason: 'must be within 366 days of from, both included' }]);
    expect((await list('?from=2026-11-23&to=2026-11-22')).json().errors).toEqual([{ field: 'query.to', reason: 'must not be before from' }]);
    expect((await list('?from=2028-01-01&to=2028-12-31')).statusCode).toBe(200); // a leap year: 366 dates

    expect((await list()).json()).toEqual(before);
    expect((await week('2026-11-23')).headers.etag).toBe(etagBefore);

    // Today (New York) may be blocked; 90 dates is the most at once.
    const today = await block({ from: '2026-11-23', to: '2026-11-23' });
    expect(today.statusCode).toBe(200);
    expect(today.json().weeks).toEqual([{ weekStart: '2026-11-23', etag: '"2026-11-23.v1"' }]);
    expect((await block({ from: '2027-03-01', to: '2027-05-29' })).json().blackouts).toHaveLength(90);
  });

  it('lets only instructors manage blackouts', async () => {
    expect((await list('', student)).statusCode).toBe(403);
    expect((await block({ from: '2027-02-01', to: '2027-02-02' }, student)).statusCode).toBe(403);
    expect((await unblock('2027-01-05', student)).statusCode).toBe(403);
    expect((await list('', {})).statusCode).toBe(401);
    // Nothing of the instructor's changed.
    expect(dates((await list('?from=2027-01-04&to=2027-01-10')).json())).toEqual(['2027-01-05', '2027-01-06']);
  });
});
