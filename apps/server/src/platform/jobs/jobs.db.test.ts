import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { ControllableClock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { devEchoJob } from '../../modules/dev/dev-echo.job.ts';
import type { JobDefinition } from './job-types.ts';
import { Jobs } from './jobs.ts';

/**
 * The job system on the real database: transactional enqueue, retries, and durability across
 * a process stopping mid-job. Jobs are identified by the dev.echo job, whose effects are
 * recorded in dev_echo_runs.
 */
describe('jobs', () => {
  let database: Database;
  const running: Jobs[] = [];
  const clock = new ControllableClock('2026-11-23T15:00:00Z');

  const startJobs = async (definition: JobDefinition<'dev.echo'>, work = true) => {
    const jobs = Jobs.create(database, { work, pollingIntervalSeconds: 0.5 });
    await jobs.register(definition);
    await jobs.start();
    running.push(jobs);
    return jobs;
  };

  const runOf = (jobId: string) =>
    database.db.selectFrom('devEchoRuns').selectAll().where('jobId', '=', jobId).executeTakeFirst();

  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => {
    for (const jobs of running.splice(0)) await jobs.stop(1_000);
    await database.close();
  });

  it('runs a job sent inside a committed transaction', async () => {
    const jobs = await startJobs(devEchoJob(database.db, clock));
    const jobId = await database.db.transaction().execute((tx) => jobs.send('dev.echo', { message: 'hi', seconds: 0 }, { tx }));
    await expect.poll(async () => (await runOf(jobId))?.completions, { timeout: 20_000, interval: 200 }).toBe(1);
    expect((await jobs.getJob('dev.echo', jobId))?.state).toBe('completed');
  });

  it('never runs a job whose transaction rolled back', async () => {
    const jobs = await startJobs(devEchoJob(database.db, clock));
    let jobId = '';
    await expect(
      database.db.transaction().execute(async (tx) => {
        jobId = await jobs.send('dev.echo', { message: 'rolled back', seconds: 0 }, { tx });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(jobId).not.toBe('');
    expect(await jobs.getJob('dev.echo', jobId)).toBeNull();
    // A later job runs, so the worker was polling while the rolled-back one did not exist.
    const later = await jobs.send('dev.echo', { message: 'later', seconds: 0 });
    await expect.poll(async () => (await runOf(later))?.completions, { timeout: 20_000, interval: 200 }).toBe(1);
    expect(await runOf(jobId)).toBeUndefined();
  });

  it('sendMany enqueues several jobs in one transaction, with the queue’s retry policy; none if it rolls back', async () => {
    const jobs = await startJobs(devEchoJob(database.db, clock));
    const jobIds = await database.db.transaction().execute((tx) =>
      jobs.sendMany('dev.echo', [{ message: 'one', seconds: 0 }, { message: 'two', seconds: 0 }], { tx }),
    );
    expect(jobIds).toHaveLength(2);
    for (const jobId of jobIds) await expect.poll(async () => (await runOf(jobId))?.completions, { timeout: 20_000, interval: 200 }).toBe(1);
    expect((await Promise.all(jobIds.map((jobId) => runOf(jobId)))).map((run) => run?.message)).toEqual(['one', 'two']);
    // Queued by pg-boss's insert, not send: the queue's policy still applies (devEchoJob: 3 retries, backoff).
    expect(await jobs.getJob('dev.echo', jobIds[0]!)).toMatchObject({ state: 'completed', retryLimit: 3, retryBackoff: true });

    let rolledBack: string[] = [];
    await expect(
      database.db.transaction().execute(async (tx) => {
        rolledBack = await jobs.sendMany('dev.echo', [{ message: 'a', seconds: 0 }, { message: 'b', seconds: 0 }], { tx });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(rolledBack).toHaveLength(2);
    for (const jobId of rolledBack) expect(await jobs.getJob('dev.echo', jobId)).toBeNull();
    expect(await jobs.sendMany('dev.echo', [])).toEqual([]);
    await expect(jobs.sendMany('nope' as 'dev.echo', [{ message: 'x', seconds: 0 }])).rejects.toThrow(/not registered/);
  });

  it('retries a failing job with backoff until it succeeds', async () => {
    let calls = 0;
    const echo = devEchoJob(database.db, clock);
    const jobs = await startJobs({
      ...echo,
      retryLimit: 3,
      retryDelaySeconds: 1,
      handler: async (payload, context) => {
        calls += 1;
        if (context.retryCount < 1) throw new Error('provider timed out');
        await echo.handler(payload, context);
      },
    });
    const jobId = await jobs.send('dev.echo', { message: 'flaky', seconds: 0 });
    await expect.poll(async () => (await runOf(jobId))?.completions, { timeout: 30_000, interval: 250 }).toBe(1);
    const job = await jobs.getJob('dev.echo', jobId);
    expect(job).toMatchObject({ state: 'completed', retryCount: 1, retryBackoff: true });
    expect(calls).toBe(2);
  });

  it('refuses unknown job names at send time', async () => {
    const jobs = await startJobs(devEchoJob(database.db, clock), false);
    await expect(jobs.send('nope' as 'dev.echo', { message: 'x', seconds: 0 })).rejects.toThrow(/not registered/);
  });

  it('a job interrupted by a shutdown is retried by the next process and completes exactly once', async () => {
    const first = await startJobs({ ...devEchoJob(database.db, clock), retryDelaySeconds: 1 });
    const jobId = await first.send('dev.echo', { message: 'long', seconds: 30 });
    await expect.poll(async () => (await runOf(jobId))?.attempts, { timeout: 20_000, interval: 200 }).toBe(1);

    // Stop while the job sleeps: after the grace period it is failed and released for retry.
    await first.stop(500);
    running.splice(running.indexOf(first), 1);
    expect((await runOf(jobId))?.completions).toBe(0);

    // The next process runs the same handler; only its sleep is cut short to keep the test quick.
    const echo = devEchoJob(database.db, clock);
    const second = await startJobs({ ...echo, handler: (payload, context) => echo.handler({ ...payload, seconds: 0 }, context) });
    await expect.poll(async () => (await second.getJob('dev.echo', jobId))?.state, { timeout: 60_000, interval: 250 }).toBe(
      'completed',
    );
    const run = await runOf(jobId);
    expect(run).toMatchObject({ attempts: 2, completions: 1 });
  }, 90_000);
});
