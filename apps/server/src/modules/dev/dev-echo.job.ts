import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { JobDefinition } from '../../platform/jobs/job-types.ts';

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('aborted'));
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted: the process is shutting down'));
    });
  });
}

/**
 * Sleeps for `seconds`, then records a completion. Each attempt is counted, so after a restart
 * in the middle you can see two attempts and exactly one completion.
 */
export function devEchoJob(db: Db, clock: Clock): JobDefinition<'dev.echo'> {
  return {
    name: 'dev.echo',
    retryLimit: 3,
    retryDelaySeconds: 1,
    expireInSeconds: 15 * 60,
    async handler(payload, { jobId, signal }) {
      await db
        .insertInto('devEchoRuns')
        .values({ jobId, message: payload.message, startedAt: clock.now() })
        .onConflict((conflict) => conflict.column('jobId').doUpdateSet({ attempts: sql`dev_echo_runs.attempts + 1` }))
        .execute();
      await sleep(payload.seconds * 1000, signal);
      await db
        .updateTable('devEchoRuns')
        .set({ completions: sql`completions + 1`, completedAt: clock.now() })
        .where('jobId', '=', jobId)
        .execute();
    },
  };
}
