import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPublishedInstructor } from '../../../../../test/support/builders.ts';
import { openTestDatabase, testDatabaseKind } from '../../../../../test/support/test-database.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { SeededRandom } from '../demo/random.ts';
import { permissionsOf } from '../accounts/permissions.ts';
import { templateDayFromRanges, weekDates, WEEKDAYS } from './availability.policy.ts';
import { AvailabilityRepository } from './availability.repository.ts';
import { AvailabilityService } from './availability.service.ts';
import { addDays } from './day-cells.ts';
import { rewriteFreeTime } from './free-time.repository.ts';

/** The derived free time as comparable rows. */
async function freeTimeRows(database: Database) {
  const { rows } = await sql<{ instructorId: string; start: string; end: string }>`
    select instructor_id,
           to_char(lower(during) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') as start,
           to_char(upper(during) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') as "end"
      from instructor_free_time order by instructor_id, lower(during)`.execute(database.db);
  return rows;
}

/**
 * instructor_free_time is derived data: after any sequence of availability writes through the
 * service, it equals what rebuilding it from scratch gives.
 */
describe(`derived free time on ${testDatabaseKind}`, () => {
  let database: Database;
  let service: AvailabilityService;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const ids = createIdGenerator(clock);
  const instructors: Array<{ id: string; principal: Principal }> = [];

  beforeAll(async () => {
    database = await openTestDatabase();
    service = new AvailabilityService({ db: database.db, repository: new AvailabilityRepository(database.db), clock });
    for (let index = 0; index < 3; index++) {
      const user = await aPublishedInstructor({ database, ids, clock });
      instructors.push({ id: user.id, principal: { kind: 'user', userId: user.id, sessionId: 'S', roles: ['instructor'], permissions: permissionsOf(['instructor']) } });
    }
  });
  afterAll(() => database.close());

  it('writes the merged free ranges of a saved week, across midnight and minus blackouts', async () => {
    const [{ id, principal }] = instructors as [(typeof instructors)[0]];
    const weekStart = '2026-11-30';
    const { etag } = await service.getWeek(principal, weekStart);
    const late = templateDayFromRanges([['20:00', '24:00']]);
    const early = templateDayFromRanges([['00:00', '01:00']]);
    await service.putWeek(principal, weekStart, etag, {
      days: weekDates(weekStart).map((date, index) => ({ date, cells: index === 0 ? late : index === 1 ? early : '0'.repeat(24) })),
      blackouts: [],
    });
    const rows = (await freeTimeRows(database)).filter((row) => row.instructorId === id);
    expect(rows.map((row) => [row.start, row.end])).toEqual([['2026-12-01T01:00Z', '2026-12-01T06:00Z']]);
    await service.addBlackouts(principal, { from: '2026-12-01', to: '2026-12-01' });
    const after = (await freeTimeRows(database)).filter((row) => row.instructorId === id);
    // 2026-12-01 is blacked out: only the evening of the 30th (20:00–24:00 New York) is left.
    expect(after.map((row) => [row.start, row.end])).toEqual([['2026-12-01T01:00Z', '2026-12-01T05:00Z']]);
    await service.removeBlackouts(principal, '2026-12-01');
    expect((await freeTimeRows(database)).filter((row) => row.instructorId === id)).toEqual(rows);
  });

  it('equals a rebuild from scratch after random weeks, templates and blackouts', async () => {
    const random = new SeededRandom(9);
    const firstWeek = '2026-11-30';
    for (let step = 0; step < 24; step++) {
      const { principal } = random.pick(instructors);
      const weekStart = addDays(firstWeek, 7 * random.int(0, 3));
      const action = random.int(0, 3);
      if (action === 0) {
        const { etag } = await service.getWeek(principal, weekStart);
        await service.putWeek(principal, weekStart, etag, {
          days: weekDates(weekStart).map((date) => {
            const start = random.int(0, 22);
            const end = random.int(start + 1, 24);
            const pad = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
            return { date, cells: random.int(0, 3) === 0 ? '0'.repeat(24) : templateDayFromRanges([[pad(start), pad(end)]]) };
          }),
          blackouts: random.int(0, 2) === 0 ? [{ date: addDays(weekStart, random.int(0, 6)) }] : [],
        });
      } else if (action === 1) {
        const days = Object.fromEntries(WEEKDAYS.map((weekday) => [weekday, templateDayFromRanges([['16:00', '21:00']])]));
        await service.putTemplate(principal, { days: days as Parameters<AvailabilityService['putTemplate']>[1]['days'] });
        await service.applyTemplate(principal, { fromWeek: weekStart, weeks: random.int(1, 2) });
      } else if (action === 2) {
        const from = addDays(weekStart, random.int(0, 6));
        await service.addBlackouts(principal, { from, to: addDays(from, random.int(0, 3)) });
      } else {
        await service.removeBlackouts(principal, weekStart, addDays(weekStart, 27)).catch(() => undefined);
      }
    }
    const written = await freeTimeRows(database);
    expect(written.length).toBeGreaterThan(0);
    await database.db.deleteFrom('instructorFreeTime').execute();
    await rewriteFreeTime(database.db, instructors.map((instructor) => instructor.id));
    expect(await freeTimeRows(database)).toEqual(written);
  });
});
