import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPublishedInstructor, type InstructorServiceSpec } from '../../../../../test/support/builders.ts';
import { openTestDatabase, testDatabaseKind } from '../../../../../test/support/test-database.ts';
import type { StoragePort } from '../../integrations/storage/storage.port.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { templateCellsFor, templateDayFromRanges, templateDayOf, WEEKDAYS, type Weekday } from '../availability/availability.policy.ts';
import { addDays } from '../availability/day-cells.ts';
import { rewriteFreeTime } from '../availability/free-time.repository.ts';
import type { SearchEvent } from './search-events.port.ts';
import { FastSearchParser } from './search-parser.ts';
import { loadSearchVocabulary } from './search-vocabulary.ts';
import { hourlyCents } from './search.policy.ts';
import { SearchRepository } from './search.repository.ts';
import { SearchService, type SearchInput } from './search.service.ts';

const PARK_SLOPE = { lat: 40.672, lng: -73.979 };
const ASTORIA = { address: '30-01 31st St, Astoria', lat: 40.7644, lng: -73.9235 };
const GOWANUS_STUDIO = { address: '300 Union St, Brooklyn', lat: 40.6795, lng: -73.9895 };
const storage = { signedGetUrl: async (key: string) => `https://media.test/${key}` } as unknown as StoragePort;

type Week = Partial<Record<Weekday, Array<[string, string]>>>;
const EVENINGS: Week = Object.fromEntries(WEEKDAYS.map((day) => [day, [['17:00', '21:00']]]));
const MORNINGS: Week = Object.fromEntries(WEEKDAYS.map((day) => [day, [['08:00', '11:00']]]));

/**
 * The search on the real NTA polygons with a small, realistic set of instructors: each filter,
 * days off, DST days, free time outside the window, pagination and relaxations. Now is Tuesday
 * 2026-12-01 10:00 in New York.
 */
describe(`search on ${testDatabaseKind}`, () => {
  let database: Database;
  let search: SearchService;
  const events: SearchEvent[] = [];
  const clock = new ControllableClock('2026-12-01T15:00:00Z');
  const ids = createIdGenerator(clock);
  const named = new Map<string, string>();

  async function instructor(
    name: string,
    options: {
      services?: InstructorServiceSpec[];
      serves?: string[];
      studio?: { address: string; lat: number; lng: number };
      online?: boolean;
      ageGroups?: string[];
      levels?: string[];
      founding?: number;
      headline?: string;
      week?: Week;
      /** Extra dated availability: [date, from, to]. */
      dated?: Array<[string, string, string]>;
      blackouts?: string[];
    },
  ): Promise<string> {
    const user = await aPublishedInstructor(
      { database, ids, clock },
      {
        name,
        headline: options.headline ?? `${name} teaches`,
        studio: options.studio,
        travelsToStudents: (options.serves ?? []).length > 0,
        teachesOnline: options.online ?? false,
        services: options.services ?? [{ slug: 'piano', lessonTypes: ['student_location'] }],
      },
    );
    const db = database.db;
    await db
      .updateTable('instructorProfiles')
      .set({
        ageGroups: options.ageGroups ?? ['kids', 'teens', 'adults'],
        levels: options.levels ?? ['beginner', 'intermediate'],
        ...(options.founding ? { isFounding: true, foundingNumber: options.founding } : {}),
      })
      .where('userId', '=', user.id)
      .execute();
    if (options.serves?.length) {
      await db
        .insertInto('instructorServiceAreas')
        .values(options.serves.map((code) => ({ instructorId: user.id, neighborhoodId: code })))
        .execute();
    }
    const template = Object.fromEntries(WEEKDAYS.map((day) => [day, templateDayFromRanges(options.week?.[day] ?? [])])) as Record<Weekday, string>;
    const days = new Map<string, string>();
    for (let offset = -1; offset < 28; offset++) {
      const date = addDays('2026-12-01', offset);
      days.set(date, templateCellsFor(date, templateDayOf(template, date)));
    }
    for (const [date, from, to] of options.dated ?? []) days.set(date, templateCellsFor(date, templateDayFromRanges([[from, to]])));
    const rows = [...days].filter(([, cells]) => /[^0]/.test(cells)).map(([date, cells]) => ({ instructorId: user.id, date, cells, updatedAt: clock.now() }));
    if (rows.length > 0) await db.insertInto('availabilityDays').values(rows).execute();
    if (options.blackouts?.length) {
      await db
        .insertInto('availabilityBlackouts')
        .values(options.blackouts.map((date) => ({ instructorId: user.id, date, reason: null, createdAt: clock.now() })))
        .execute();
    }
    await rewriteFreeTime(db, [user.id]);
    named.set(user.id, name);
    return user.id;
  }

  const run = (input: Partial<SearchInput> & { q: string }) => search.search(null, { sort: 'relevance', limit: 20, ...input });
  const names = async (input: Partial<SearchInput> & { q: string }) => (await run(input)).items.map((item) => named.get(item.instructor.id)).sort();

  beforeAll(async () => {
    database = await openTestDatabase();
    search = new SearchService({
      repository: new SearchRepository(database.db),
      parser: new FastSearchParser(loadSearchVocabulary(), clock),
      clock,
      storage,
      recorder: { record: (event) => events.push(event) },
    });
    const piano = (rateCents: number, lessonTypes: InstructorServiceSpec['lessonTypes'] = ['student_location'], durationMinutes: 30 | 45 | 60 | 90 = 60) => ({
      slug: 'piano',
      lessonTypes,
      rates: [{ durationMinutes, rateCents }],
    });
    await instructor('Ada travels to Park Slope', { services: [piano(9_000)], serves: ['BK0602', 'BK0601'], week: EVENINGS, founding: 1 });
    await instructor('Ben serves Prospect Heights', { services: [piano(8_500)], serves: ['BK0801'], week: EVENINGS });
    await instructor('Cleo studio in Gowanus', { services: [piano(10_000, ['instructor_location'])], studio: GOWANUS_STUDIO, week: EVENINGS });
    await instructor('Dev studio in Astoria', { services: [piano(8_000, ['instructor_location'])], studio: ASTORIA, week: EVENINGS });
    await instructor('Eve online only', { services: [piano(6_000, ['online'])], online: true, week: EVENINGS });
    await instructor('Finn cheap 45', { services: [piano(6_300, ['student_location'], 45)], serves: ['BK0602'], week: EVENINGS });
    await instructor('Gus adults only', { services: [piano(9_500)], serves: ['BK0602'], week: EVENINGS, ageGroups: ['adults'], levels: ['advanced'] });
    await instructor('Hal mornings', { services: [piano(9_000)], serves: ['BK0602'], week: MORNINGS });
    await instructor('Ivy off tomorrow', { services: [piano(9_000)], serves: ['BK0602'], week: EVENINGS, blackouts: ['2026-12-02'] });
    await instructor('Jo guitar', { services: [{ slug: 'guitar', lessonTypes: ['student_location'] }], serves: ['BK0602'], week: EVENINGS, headline: 'Bebop guitar: standards, comping and your own solos' });
    await instructor('Kim nothing ahead', { services: [piano(9_000)], serves: ['BK0602'], dated: [['2026-11-30', '17:00', '21:00']] });
    await instructor('Nia voice on Thursday', {
      services: [{ slug: 'voice', lessonTypes: ['student_location'] }],
      serves: ['BK0701'],
      dated: [['2026-12-03', '17:00', '21:00']],
    });
    await instructor('Lu today only, too soon', { services: [piano(9_000)], serves: ['BK0602'], dated: [['2026-12-01', '10:00', '11:00']] });
  }, 120_000);
  afterAll(() => database.close());

  it('finds who can teach piano in Park Slope: travel there, or a studio within 3 km', async () => {
    const result = await run({ q: 'piano in park slope' });
    expect(result.items.map((item) => named.get(item.instructor.id)).sort()).toEqual([
      'Ada travels to Park Slope',
      'Cleo studio in Gowanus',
      'Finn cheap 45',
      'Gus adults only',
      'Hal mornings',
      'Ivy off tomorrow',
    ]);
    const cleo = result.items.find((item) => named.get(item.instructor.id) === 'Cleo studio in Gowanus')!;
    expect(cleo.serves).toEqual([{ mode: 'studio', distanceMeters: expect.any(Number) }]);
    expect(cleo.distanceMeters! % 250).toBe(0);
    expect(cleo.distanceMeters).toBeLessThanOrEqual(3_000);
    const ada = result.items.find((item) => named.get(item.instructor.id) === 'Ada travels to Park Slope')!;
    expect(ada).toMatchObject({ serves: [{ mode: 'travel', distanceMeters: 0 }], distanceMeters: 0, service: { slug: 'piano', hourlyCents: 9_000 } });
    expect(ada.instructor).toMatchObject({ founding: true, photoUrl: expect.stringMatching(/^https:\/\/media\.test\/instructors\/.+\/96\.webp$/) });
    expect(result.relaxations).toEqual([]);
    expect(events.at(-1)).toMatchObject({ query: 'piano in park slope', resultCount: 6, parser: 'fast', userId: null });
  });

  it('ranks the founding instructor first among equals, as PRODUCT.md §2 promises', async () => {
    const result = await run({ q: 'piano in park slope tomorrow evening' });
    expect(named.get(result.items[0]!.instructor.id)).toBe('Ada travels to Park Slope');
  });

  it('filters by price per hour, prorating a 45-minute rate', async () => {
    expect(hourlyCents([{ durationMinutes: 45, rateCents: 6_300 }])).toBe(8_400);
    expect(await names({ q: 'piano in park slope under $85' })).toEqual(['Finn cheap 45']);
    const finn = (await run({ q: 'piano in park slope under $85' })).items[0]!;
    expect(finn.service.hourlyCents).toBe(8_400);
    expect(finn.nextStarts[0]).toEqual({ start: expect.any(String), durationMinutes: 45 });
    expect(await names({ q: 'piano in park slope', priceMinCents: 9_500 })).toEqual(['Cleo studio in Gowanus', 'Gus adults only']);
  });

  it('filters by age group and level', async () => {
    expect(await names({ q: 'piano for my 8 year old in park slope' })).not.toContain('Gus adults only');
    expect(await names({ q: 'advanced piano in park slope' })).toEqual(['Gus adults only']);
  });

  it('filters by lesson type: at my place is travel only, at your studio is studio only', async () => {
    expect(await names({ q: 'piano at my place in park slope' })).not.toContain('Cleo studio in Gowanus');
    expect(await names({ q: 'piano in park slope', lessonType: 'instructor_location' })).toEqual(['Cleo studio in Gowanus']);
  });

  it('finds online teachers when online is asked, and anyone when no place is', async () => {
    expect(await names({ q: 'piano online' })).toEqual(['Eve online only']);
    const anywhere = await names({ q: 'piano' });
    expect(anywhere).toContain('Eve online only');
    expect(anywhere).toContain('Dev studio in Astoria');
    expect(anywhere).not.toContain('Kim nothing ahead');
  });

  it('finds by the browser’s point (near me) with a studio 3 km away at most', async () => {
    const result = await run({ q: 'piano near me', lat: PARK_SLOPE.lat, lng: PARK_SLOPE.lng });
    expect(result.needsLocation).toBe(false);
    expect(result.items.map((item) => named.get(item.instructor.id))).toContain('Cleo studio in Gowanus');
    expect(result.items.map((item) => named.get(item.instructor.id))).not.toContain('Dev studio in Astoria');
    const withoutPoint = await run({ q: 'piano near me' });
    expect(withoutPoint.needsLocation).toBe(true);
  });

  it('only lists instructors with a bookable start in the window: days off, other hours, minimum notice', async () => {
    const tomorrowEvening = await names({ q: 'piano in park slope tomorrow evening' });
    expect(tomorrowEvening).toContain('Ada travels to Park Slope');
    expect(tomorrowEvening).not.toContain('Ivy off tomorrow');
    expect(tomorrowEvening).not.toContain('Hal mornings');
    expect(await names({ q: 'piano in park slope this morning' })).toEqual([]);
    // Lu is free 10:00–11:00 today, sooner than the 2-hour notice; Kim only yesterday.
    expect(await names({ q: 'piano in park slope' })).not.toContain('Lu today only, too soon');
  });

  it('gives up to three next starts inside the window, not overlapping', async () => {
    const result = await run({ q: 'piano in park slope tomorrow evening' });
    const ada = result.items.find((item) => named.get(item.instructor.id) === 'Ada travels to Park Slope')!;
    expect(ada.nextStarts).toEqual([
      { start: '2026-12-02T22:00:00.000Z', durationMinutes: 60 },
      { start: '2026-12-02T23:00:00.000Z', durationMinutes: 60 },
      { start: '2026-12-03T00:00:00.000Z', durationMinutes: 60 },
    ]);
  });

  it('uses keywords to rank, and to filter only when nothing else was understood', async () => {
    expect(await names({ q: 'bebop standards' })).toEqual(['Jo guitar']);
    const ranked = await run({ q: 'bebop lessons in park slope' });
    expect(named.get(ranked.items[0]!.instructor.id)).toBe('Jo guitar');
    expect(ranked.items.length).toBeGreaterThan(1);
  });

  it('applies explicit filters over the parse, and none removes a part', async () => {
    const result = await run({ q: 'piano in park slope under $85', priceMaxCents: 'none', neighborhood: 'BK0801' });
    expect(result.parsed.priceMaxCents).toBeNull();
    expect(result.parsed.location).toMatchObject({ kind: 'neighborhood', name: 'Prospect Heights', neighborhoods: [{ code: 'BK0801' }] });
    expect(result.items.map((item) => named.get(item.instructor.id))).toContain('Ben serves Prospect Heights');
    const guitar = await run({ q: 'piano', service: 'guitar' });
    expect(guitar.parsed.services).toEqual([{ slug: 'guitar', name: 'Guitar' }]);
    await expect(run({ q: 'piano', service: 'underwater-basket-weaving' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('pages through every sort without duplicates or gaps', async () => {
    for (const sort of ['relevance', 'price', 'distance', 'soonest'] as const) {
      const all = (await run({ q: 'piano', sort, limit: 50 })).items.map((item) => item.instructor.id);
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await run({ q: 'piano', sort, limit: 2, cursor });
        paged.push(...page.items.map((item) => item.instructor.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(paged, sort).toEqual(all);
      expect(new Set(paged).size).toBe(paged.length);
      expect(all.length).toBeGreaterThan(5);
    }
    const prices = (await run({ q: 'piano', sort: 'price' })).items.map((item) => item.service.hourlyCents);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it('keeps relevance pages stable while the clock moves within a quarter-hour', async () => {
    clock.set('2026-12-01T15:01:00Z');
    try {
      const all = (await run({ q: 'piano', limit: 50 })).items.map((item) => item.instructor.id);
      const first = await run({ q: 'piano', limit: 3 });
      clock.set('2026-12-01T15:12:00Z');
      const second = await run({ q: 'piano', limit: 50, cursor: first.nextCursor! });
      expect([...first.items, ...second.items].map((item) => item.instructor.id)).toEqual(all);
    } finally {
      clock.set('2026-12-01T15:00:00Z');
    }
  });

  it('refuses a cursor of another sort or one it never gave', async () => {
    const first = await run({ q: 'piano', sort: 'price', limit: 1 });
    await expect(run({ q: 'piano', sort: 'soonest', cursor: first.nextCursor! })).rejects.toBeInstanceOf(DomainError);
    await expect(run({ q: 'piano', cursor: 'garbage' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('offers relaxations when nothing matches: nearby neighborhoods, later days, a higher price, online', async () => {
    // Nobody teaches piano in Prospect Heights for $70 tomorrow evening (Ben charges $85).
    const result = await run({ q: 'piano in prospect heights under $70 tomorrow evening' });
    expect(result.items).toEqual([]);
    const kinds = result.relaxations.map((relaxation) => relaxation.kind);
    expect(kinds).toContain('price');
    expect(kinds).toContain('online');
    const price = result.relaxations.find((relaxation) => relaxation.kind === 'price')!;
    expect(price).toEqual({ kind: 'price', label: '1 up to $88', count: 1, params: { priceMaxCents: '8800' } });
    expect(result.relaxations.find((relaxation) => relaxation.kind === 'online')).toEqual({ kind: 'online', label: '1 online', count: 1, params: { online: 'true' } });
    const nearby = await run({ q: 'piano in prospect heights under $84' });
    expect(nearby.relaxations.filter((relaxation) => relaxation.kind === 'nearby').map((relaxation) => relaxation.params.neighborhood)).toContain('BK0602');
    // Nia sings on Thursday evening only: nobody tomorrow (Wednesday) evening, one on Thursday.
    const later = await run({ q: 'voice lessons in windsor terrace tomorrow evening' });
    expect(later.items).toEqual([]);
    expect(later.relaxations.find((relaxation) => relaxation.kind === 'later')).toEqual({
      kind: 'later',
      label: '1 on Thursday',
      count: 1,
      params: { from: '2026-12-03T05:00:00.000Z', to: '2026-12-04T05:00:00.000Z' },
    });
    expect(await names({ q: 'voice lessons in windsor terrace tomorrow evening', ...later.relaxations.find((r) => r.kind === 'later')!.params })).toEqual([
      'Nia voice on Thursday',
    ]);
  });

  it('lays windows on DST days by New York wall clock (fall back, 2026-11-01)', async () => {
    clock.set('2026-10-30T14:00:00Z');
    try {
      const id = await instructor('Max fall-back Sunday', {
        services: [{ slug: 'piano', lessonTypes: ['student_location'] }],
        serves: ['BK0602'],
        dated: [['2026-11-01', '17:00', '19:00']],
      });
      const result = await run({ q: 'piano in park slope sunday evening' });
      const max = result.items.find((item) => item.instructor.id === id)!;
      // 17:00 EST on the 25-hour day is 22:00 UTC (it would be 21:00 UTC a day earlier).
      expect(max.nextStarts[0]).toEqual({ start: '2026-11-01T22:00:00.000Z', durationMinutes: 60 });
    } finally {
      clock.set('2026-12-01T15:00:00Z');
    }
  });

  it('keeps the 3 km studio rule the geography’s half a metre either side of it (where planar metres would err)', async () => {
    // Studios due east of Park Slope's centroid, placed by bisection at a geography distance
    // from the NTA of 2,999.5 m and 3,000.5 m. UTM metres are 0.03 % short here, so both are
    // under 3,000 planar: only the geography, asked inside the band, tells them apart.
    const db = database.db;
    const east = (meters: number) => sql<string>`st_project(n.centroid::geography, ${meters}::float8, radians(90))::geometry`;
    const at = async (target: number) => {
      let low = 0;
      let high = 20_000;
      for (let step = 0; step < 40; step++) {
        const mid = (low + high) / 2;
        const { rows } = await sql<{ meters: number }>`select st_distance(${east(mid)}::geography, n.geom::geography) as meters from neighborhoods n where n.id = 'BK0602'`.execute(db);
        if (rows[0]!.meters < target) low = mid;
        else high = mid;
      }
      const { rows } = await sql<{ lat: number; lng: number; planar: number }>`
        select st_y(${east(low)}) as lat, st_x(${east(low)}) as lng, st_distance(st_transform(${east(low)}, 32618), n.geom_utm) as planar
          from neighborhoods n where n.id = 'BK0602'`.execute(db);
      return rows[0]!;
    };
    const inside = await at(2_999.5);
    const outside = await at(3_000.5);
    for (const place of [inside, outside]) expect(place.planar).toBeGreaterThan(2_985);
    expect(outside.planar).toBeLessThan(3_000);
    const cello = [{ slug: 'cello', lessonTypes: ['instructor_location'] as InstructorServiceSpec['lessonTypes'] }];
    await instructor('Otto cello 2,999.5 m away', { services: cello, studio: { address: '1 Inside St, Brooklyn', lat: inside.lat, lng: inside.lng }, week: EVENINGS });
    await instructor('Pia cello 3,000.5 m away', { services: cello, studio: { address: '2 Outside St, Brooklyn', lat: outside.lat, lng: outside.lng }, week: EVENINGS });
    expect(await names({ q: '', service: 'cello', neighborhood: 'BK0602' })).toEqual(['Otto cello 2,999.5 m away']);

    // The distance shown is to the label point, in 250 m steps: 2,750.2 m is 3,000 (in UTM metres it would be 2,750).
    const { rows } = await sql<{ lat: number; lng: number }>`select st_y(${east(2_750.2)}) as lat, st_x(${east(2_750.2)}) as lng from neighborhoods n where n.id = 'BK0602'`.execute(db);
    const quin = await instructor('Quin cello 2,750.2 m from the label point', { services: cello, studio: { address: '3 Label St, Brooklyn', ...rows[0]! }, week: EVENINGS });
    const found = (await run({ q: '', service: 'cello', neighborhood: 'BK0602' })).items.find((item) => item.instructor.id === quin);
    expect(found?.distanceMeters).toBe(3_000);
  });
});
