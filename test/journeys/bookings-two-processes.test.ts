import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rewriteFreeTime } from '../../apps/server/src/modules/availability/free-time.repository.ts';
import { aPayingStudent, aPublishedInstructor, openDays, type PayingStudent } from '../support/builders.ts';
import { startApiProcess, type ApiProcess } from '../support/api-process.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { testDatabaseKind } from '../support/test-database.ts';

/**
 * The booking race of issue 11 across processes: two real API servers (the server entry, each
 * in its own child process) on one fresh PostgreSQL database and one Redis, as a deployment
 * behind a load balancer runs them. 200 students ask for one time, half through each server:
 * exactly one 201 and 199 × 409 `slot_taken`, because the database refuses overlaps whichever
 * process asks. Then the same for different times that overlap. Afterwards the derived free time
 * (search's table) equals a rebuild from scratch, and both servers show the time as gone.
 *
 * The people are written by an in-process app on the same database (builders, cards saved at the
 * local Stripe, which keeps its state in that database, so both servers see the cards). Every
 * process runs on the test's marketplace time: the servers' development clocks are set to it.
 */
const RACERS = 200;
const enabled = testDatabaseKind === 'postgres' && Boolean(process.env.REDIS_URL);

if (!enabled) {
  describe('the booking race across two API processes', () => {
    it.skip('needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL): PGlite lives inside one process, so two servers cannot share it', () => {});
  });
}

describe.runIf(enabled)('the booking race across two API processes sharing PostgreSQL and Redis', () => {
  let t: TestApp;
  let servers: ApiProcess[] = [];
  let instructorId: string;
  let serviceId: string;
  const racers: PayingStudent[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const { name } = await t.database.db.selectNoFrom((eb) => eb.fn<string>('current_database', []).as('name')).executeTakeFirstOrThrow();
    const databaseUrl = new URL(process.env.DATABASE_URL!);
    databaseUrl.pathname = `/${name}`;
    // Both start at once, as a deployment's processes do (startup takes a lock in the database),
    // while the people are written: PUBLIC_URL is the access tokens' issuer, the same as the seeding app's.
    const starting = Promise.allSettled(
      [0, 1].map(() => startApiProcess({ databaseUrl: databaseUrl.toString(), redisUrl: process.env.REDIS_URL, env: { PUBLIC_URL: t.config.PUBLIC_URL } })),
    );

    const teacher = await aPublishedInstructor(t);
    instructorId = teacher.id;
    serviceId = (await t.database.db.selectFrom('services').select('id').where('slug', '=', 'piano').executeTakeFirstOrThrow()).id;
    await openDays(t, instructorId, ['2026-11-27', '2026-11-28']);
    for (let index = 0; index < RACERS; index += 20) {
      racers.push(...(await Promise.all(Array.from({ length: Math.min(20, RACERS - index) }, () => aPayingStudent(t)))));
    }

    const started = await starting;
    servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    for (const server of servers) {
      const moved = await fetch(`${server.url}/api/v1/dev/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ set: t.clock.now().toISOString() }),
      });
      expect(moved.status).toBe(200);
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await t?.close();
  }, 60_000);

  /** Racer i asks server i mod 2. */
  const book = async (index: number, startsAt: string) => {
    const racer = racers[index]!;
    const response = await fetch(`${servers[index % servers.length]!.url}/api/v1/bookings`, {
      method: 'POST',
      headers: { authorization: racer.authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ instructorId, serviceId, durationMinutes: 60, startsAt, locationType: 'online', paymentMethodId: racer.card }),
    });
    return { status: response.status, body: (await response.json()) as { id?: string; code?: string; endsAt?: string; startsAt?: string } };
  };

  const expectOneWinner = (answers: Array<Awaited<ReturnType<typeof book>>>) => {
    const statuses = answers.map((answer) => answer.status);
    // On a failure, say what the race answered: how many of each status and code.
    const tally = JSON.stringify(
      answers.reduce<Record<string, number>>((counts, answer) => {
        const key = `${answer.status} ${answer.body.code ?? ''}`;
        return { ...counts, [key]: (counts[key] ?? 0) + 1 };
      }, {}),
    );
    expect(statuses.filter((status) => status === 201), tally).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(RACERS - 1);
    expect(answers.filter((answer) => answer.status === 409).map((answer) => answer.body.code)).toEqual(Array(RACERS - 1).fill('slot_taken'));
    return answers.find((answer) => answer.status === 201)!.body;
  };

  const bookingsOn = (date: string) =>
    t.database.db
      .selectFrom('bookings')
      .select(['id', 'startsAt'])
      .where('instructorId', '=', instructorId)
      .where('startsAt', '>=', new Date(`${date}T00:00:00Z`))
      .where('startsAt', '<', new Date(`${date}T23:59:59Z`))
      .execute();

  const slotStartsAt = async (server: ApiProcess, date: string) => {
    const response = await fetch(`${server.url}/api/v1/instructors/${instructorId}/slots?serviceId=${serviceId}&durationMinutes=60&from=${date}&to=${date}`, {
      headers: { authorization: racers[0]!.authorization },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { slots: Array<{ start: string }> }).slots.map((slot) => slot.start);
  };

  it(`lets exactly one of ${RACERS} students book one time, half of them through each server`, async () => {
    expect(servers).toHaveLength(2);
    const answers = await Promise.all(racers.map((_, index) => book(index, '2026-11-27T15:00:00Z')));
    const winner = expectOneWinner(answers);
    expect(await bookingsOn('2026-11-27')).toEqual([{ id: winner.id, startsAt: new Date('2026-11-27T15:00:00Z') }]);
    // Both servers answered some of the race, and both now show the time as gone.
    for (const server of servers) expect(await slotStartsAt(server, '2026-11-27')).not.toContain('2026-11-27T15:00:00.000Z');
  }, 120_000);

  it('lets exactly one win when they ask for different times that overlap or sit within the buffer of each other', async () => {
    // 60-minute lessons with a 15-minute buffer: any two of these starts are less than 75 minutes apart.
    const starts = ['2026-11-28T14:00:00Z', '2026-11-28T14:15:00Z', '2026-11-28T14:30:00Z', '2026-11-28T14:45:00Z', '2026-11-28T15:00:00Z'];
    const answers = await Promise.all(racers.map((_, index) => book(index, starts[index % starts.length]!)));
    const winner = expectOneWinner(answers);
    expect((await bookingsOn('2026-11-28')).map((row) => row.id)).toEqual([winner.id]);
    for (const server of servers) {
      const open = await slotStartsAt(server, '2026-11-28');
      for (const start of starts) expect(open).not.toContain(new Date(start).toISOString());
    }
  }, 120_000);

  it('leaves search’s free time exactly what a rebuild from scratch gives, the booked times (and buffers) out of it', async () => {
    const freeTime = async () =>
      (
        await sql<{ start: string; end: string }>`
          select to_char(lower(during) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') as start,
                 to_char(upper(during) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') as "end"
            from instructor_free_time where instructor_id = ${instructorId} order by lower(during)`.execute(t.database.db)
      ).rows;
    const written = await freeTime();
    const booked = await t.database.db.selectFrom('bookings').select(['startsAt', 'endsAt', 'bufferMinutes']).where('instructorId', '=', instructorId).execute();
    expect(booked).toHaveLength(2);
    for (const booking of booked) {
      const from = booking.startsAt.getTime() - booking.bufferMinutes * 60_000;
      const to = booking.endsAt.getTime() + booking.bufferMinutes * 60_000;
      expect(written.filter((range) => Date.parse(range.start) < to && Date.parse(range.end) > from)).toEqual([]);
    }
    await t.database.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('instructorFreeTime').where('instructorId', '=', instructorId).execute();
      await rewriteFreeTime(trx, [instructorId]);
    });
    expect(await freeTime()).toEqual(written);
  });
});
