import type { SmsPort } from '../../integrations/sms/sms.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database, Db } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { Jobs } from '../../platform/jobs/jobs.ts';
import { sendSmsJob } from './sms.jobs.ts';
import { SmsRepository } from './sms.repository.ts';

/**
 * Test helpers for the SMS channel and phone verification (database tests only): a user row,
 * and the `notifications.send_sms` job run by hand, so a test decides exactly when a queued
 * message is delivered instead of waiting on a polling worker.
 */
export async function insertUser(
  db: Db,
  ids: IdGenerator,
  options: { phone?: string; phoneVerifiedAt?: Date } = {},
): Promise<string> {
  const id = ids();
  await db
    .insertInto('users')
    .values({
      id,
      email: `user-${id.toLowerCase()}@example.com`,
      name: 'Test User',
      passwordHash: 'not-a-real-hash',
      roles: ['student'],
      phoneE164: options.phone ?? null,
      phoneVerifiedAt: options.phoneVerifiedAt ?? null,
    })
    .execute();
  return id;
}

export interface SmsJobsHarness {
  jobs: Jobs;
  definition: ReturnType<typeof sendSmsJob>;
  /** Fetches every due `notifications.send_sms` job and runs it as a worker would; returns how many ran. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

export async function startSmsJobs(database: Database, deps: { sms: SmsPort; clock: Clock }): Promise<SmsJobsHarness> {
  const jobs = Jobs.create(database, { work: false });
  const definition = sendSmsJob({ repository: new SmsRepository(database.db), sms: deps.sms, clock: deps.clock });
  await jobs.register(definition);
  await jobs.start();
  return {
    jobs,
    definition,
    async drain() {
      let ran = 0;
      for (;;) {
        const batch = await jobs.raw.fetch<{ messageId: string }>(definition.name, { batchSize: 10 });
        if (batch.length === 0) return ran;
        for (const job of batch) {
          await definition.handler(job.data, { jobId: job.id, retryCount: job.retryCount, signal: new AbortController().signal });
          await jobs.raw.complete(definition.name, job.id);
          ran += 1;
        }
      }
    },
    stop: () => jobs.stop(1_000),
  };
}
