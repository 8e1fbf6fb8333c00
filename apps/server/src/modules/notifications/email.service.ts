import type { Clock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import type { EmailTemplateData, EmailTemplateName } from './email-templates/email-templates.ts';
import { renderEmail } from './email-templates/render-email.ts';
import type { EmailRepository } from './email.repository.ts';

export interface QueueEmailInput<N extends EmailTemplateName> {
  to: string;
  template: N;
  data: EmailTemplateData[N];
  /** The recipient's account, when they have one (their mail is deleted with it). */
  userId?: string;
}

/**
 * The email channel as other modules use it. `queue` renders the template now, stores the
 * message and enqueues its send job inside the caller's transaction: if that transaction
 * rolls back (a failed sign-up), there is no message and no job, so nothing is sent. Sending
 * happens later, outside any transaction, in `notifications.send_email` (email.jobs.ts).
 *
 * No access check here: this is called by services that already made theirs, never by a route.
 */
export class EmailService {
  constructor(
    private readonly repository: EmailRepository,
    private readonly deps: { jobs: Jobs; ids: IdGenerator; clock: Clock; publicUrl: string },
  ) {}

  async queue<N extends EmailTemplateName>(tx: Executor, input: QueueEmailInput<N>): Promise<{ messageId: string }> {
    const rendered = await renderEmail(input.template, input.data, { publicUrl: this.deps.publicUrl });
    const messageId = this.deps.ids();
    await this.repository.insertMessage(
      {
        id: messageId,
        userId: input.userId ?? null,
        toAddress: input.to,
        template: input.template,
        ...rendered,
        createdAt: this.deps.clock.now(),
      },
      tx,
    );
    await this.deps.jobs.send('notifications.send_email', { messageId }, { tx });
    return { messageId };
  }
}
