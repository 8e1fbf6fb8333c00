import type { Config } from '../../config.ts';
import { createEmailPort } from '../../integrations/email/email.adapter.ts';
import { OutboxEmailAdapter } from '../../integrations/email/outbox.ts';
import { createSmsPort } from '../../integrations/sms/sms.adapter.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import { sendEmailJob } from './email.jobs.ts';
import { EmailRepository } from './email.repository.ts';
import { emailDevRoutes } from './email.routes.ts';
import { EmailService } from './email.service.ts';
import { sendSmsJob } from './sms.jobs.ts';
import { smsOutboxRoutes } from './sms.outbox.routes.ts';
import { SmsRepository } from './sms.repository.ts';

interface NotificationDeps {
  config: Config;
  clock: Clock;
  ids: IdGenerator;
  db: Db;
  jobs: Jobs;
}

/** The email and SMS channels: what other modules queue into, and the jobs that deliver. */
export function createNotifications(deps: NotificationDeps) {
  const emails = new EmailService(new EmailRepository(deps.db), { jobs: deps.jobs, ids: deps.ids, clock: deps.clock });
  const devRoutes = !deps.config.devTools
    ? []
    : [emailDevRoutes(new OutboxEmailAdapter({ db: deps.db, clock: deps.clock, ids: deps.ids })), smsOutboxRoutes({ db: deps.db })];
  return { emails, devRoutes };
}

/** Delivery jobs: registered in every process that works jobs. */
export async function registerNotificationJobs(deps: NotificationDeps): Promise<void> {
  const { config, clock, ids, db, jobs } = deps;
  await jobs.register(
    sendEmailJob({ repository: new EmailRepository(db), email: createEmailPort(config, { db, clock, ids }), clock, from: config.EMAIL_FROM, publicUrl: config.PUBLIC_URL }),
  );
  await jobs.register(sendSmsJob({ repository: new SmsRepository(db), sms: createSmsPort({ config, db, clock }), clock }));
}
