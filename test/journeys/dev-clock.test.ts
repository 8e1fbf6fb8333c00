import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Time for the sandbox through the HTTP API: read and move the marketplace clock, refuse what
 * cannot be meant, and run the schedules that became due by that clock — once each.
 */
describe('the development clock and run-due', () => {
  let t: TestApp;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');

  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  const readClock = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/dev/clock' })).json();
  const move = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/dev/clock', payload: payload as object });
  const runDue = async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/dev/jobs/run-due' });
    expect(response.statusCode).toBe(200);
    return response.json() as { now: string; ran: Array<{ key: string; outcome: string; firedAt: string; error?: string }>; waiting: Array<{ key: string; nextAt: string }> };
  };

  it('reads, advances and sets the clock the whole process runs on', async () => {
    expect(await readClock()).toEqual({ now: '2026-11-23T15:00:00.000Z', moved: false });

    const advanced = await move({ advanceMinutes: 90 });
    expect(advanced.statusCode).toBe(200);
    expect(advanced.json()).toEqual({ now: '2026-11-23T16:30:00.000Z', moved: true });
    expect(t.clock.now().toISOString()).toBe('2026-11-23T16:30:00.000Z');

    // `set` takes any offset, and is the way back.
    expect((await move({ set: '2026-11-20T09:00:00-05:00' })).json()).toEqual({ now: '2026-11-20T14:00:00.000Z', moved: true });
    expect(await readClock()).toEqual({ now: '2026-11-20T14:00:00.000Z', moved: true });
    expect((await move({ set: '2026-11-23T15:00:00Z' })).json().now).toBe('2026-11-23T15:00:00.000Z');
  });

  it.each([
    [{}, 'body'],
    [{ set: '2026-12-01T00:00:00Z', advanceMinutes: 5 }, 'body'],
    [{ advanceMinutes: -5 }, 'body.advanceMinutes'],
    [{ advanceMinutes: 0 }, 'body.advanceMinutes'],
    [{ advanceMinutes: 1.5 }, 'body.advanceMinutes'],
    [{ advanceMinutes: 'ten' }, 'body.advanceMinutes'],
    [{ advanceMinutes: 366 * 24 * 60 + 1 }, 'body.advanceMinutes'],
    [{ set: 'tomorrow' }, 'body.set'],
    [{ set: '2026-12-01 10:00' }, 'body.set'],
    [{ set: '1900-01-01T00:00:00Z' }, 'body.set'],
  ])('refuses %j naming %s, and leaves the clock alone', async (payload, field) => {
    const before = await readClock();
    const response = await move(payload);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await readClock()).toEqual(before);
  });

  it('runs a due schedule once, and not twice', async () => {
    await move({ set: '2026-11-23T15:20:00Z' });
    // Never run here: every schedule whose job exists is due.
    const first = await runDue();
    expect(first.ran.map((run) => run.key).sort()).toEqual([
      'authorize-due-payments',
      'capture-completed-lessons',
      'data-retention',
      'expire-booking-holds',
      'expire-credits',
      'learn-location-aliases',
      'ledger-reconciliation',
      'local-stripe-sweep',
      'payment-health-check',
      'resolve-no-shows',
      'resume-tips-refunds',
      'search-metrics',
    ]);
    expect(first.ran.every((run) => run.outcome === 'completed')).toBe(true);
    expect(first.ran.find((run) => run.key === 'search-metrics')?.firedAt).toBe('2026-11-23T15:00:00.000Z');

    // Asked again at the same time: nothing.
    const second = await runDue();
    expect(second.ran).toEqual([]);
    expect(second.waiting.find((w) => w.key === 'search-metrics')?.nextAt).toBe('2026-11-23T16:00:00.000Z');

    // 40 minutes on, the hourly ones and the ones every few minutes passed their cron time; the nightly ones did not.
    await move({ advanceMinutes: 40 });
    expect((await runDue()).ran.map((run) => run.key).sort()).toEqual([
      'authorize-due-payments',
      'capture-completed-lessons',
      'expire-booking-holds',
      'local-stripe-sweep',
      'payment-health-check',
      'resolve-no-shows',
      'resume-tips-refunds',
      'search-metrics',
    ]);
    expect((await runDue()).ran).toEqual([]);

    const runs = await t.database.db.selectFrom('devScheduleRuns').selectAll().orderBy('scheduleKey').execute();
    expect(runs.map((run) => [run.scheduleKey, run.runs])).toEqual([
      ['authorize-due-payments', 2],
      ['capture-completed-lessons', 2],
      ['data-retention', 1],
      ['expire-booking-holds', 2],
      ['expire-credits', 1],
      ['learn-location-aliases', 1],
      ['ledger-reconciliation', 1],
      ['local-stripe-sweep', 2],
      ['payment-health-check', 2],
      ['resolve-no-shows', 2],
      ['resume-tips-refunds', 2],
      ['search-metrics', 2],
    ]);
  });

  it('does the work due at the moved time: retention purges a search 91 days later', async () => {
    const id = t.ids();
    await t.database.db
      .insertInto('searchEvents')
      .values({ id, userId: null, query: 'piano lessons', parsed: '{}', resultCount: 3, latencyMs: 12, parser: 'fast', createdAt: t.clock.now() })
      .execute();
    const search = () => t.database.db.selectFrom('searchEvents').select('id').where('id', '=', id).executeTakeFirst();

    await move({ advanceMinutes: 89 * 24 * 60 });
    expect((await runDue()).ran.map((run) => run.key)).toContain('data-retention');
    expect(await search()).toBeDefined();

    await move({ advanceMinutes: 2 * 24 * 60 });
    const run = await runDue();
    expect(run.ran.find((r) => r.key === 'data-retention')).toMatchObject({ outcome: 'completed' });
    expect(await search()).toBeUndefined();
  });
});
