import type { Db } from '../../platform/db/database.ts';
import type { JobPayloads } from '../../platform/jobs/job-types.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';

type SendEmail = (payload: JobPayloads['notifications.send_email']) => Promise<void>;

/**
 * Test helper (database tests only): runs `notifications.send_email` for every message still
 * queued, oldest first, as a worker would. Messages are rendered by that job, not when queued,
 * so a test reading a message's subject, HTML or text runs this first. `send` is an app's Jobs
 * (its registered job, run in this process) or a job handler the test built. Returns the ids run.
 */
export async function sendQueuedEmails(db: Db, send: Pick<Jobs, 'runNow'> | SendEmail): Promise<string[]> {
  const run: SendEmail = typeof send === 'function' ? send : (payload) => send.runNow('notifications.send_email', payload, 'test');
  const queued = await db.selectFrom('emailMessages').select('id').where('status', '=', 'queued').orderBy('createdAt').orderBy('id').execute();
  for (const { id } of queued) await run({ messageId: id });
  return queued.map(({ id }) => id);
}
