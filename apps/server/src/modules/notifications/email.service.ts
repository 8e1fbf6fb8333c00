import type { Clock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import type { EmailTemplateData, EmailTemplateName } from './email-templates/email-templates.ts';
import { parseEmailData } from './email-templates/render-email.ts';
import type { EmailRepository } from './email.repository.ts';

export interface QueueEmailInput<N extends EmailTemplateName> {
  to: string;
  template: N;
  data: EmailTemplateData[N];
  /** The recipient's account, when they have one (their mail is deleted with it). */
  userId?: string;
}

/** Any one email: the union over templates, so each input's data still matches its own template. */
export type AnyQueueEmailInput = { [N in EmailTemplateName]: QueueEmailInput<N> }[EmailTemplateName];

/**
 * The email channel as other modules use it. `queue` and `queueAll` check the data against
 * the template's schema, store the message (template and data) and enqueue its send job inside
 * the caller's transaction: if that transaction rolls back (a failed sign-up), there is no
 * message and no job, so nothing is sent. Rendering (milliseconds of CPU per email) and sending
 * happen later, outside any transaction, in `notifications.send_email` (email.jobs.ts).
 *
 * No access check here: this is called by services that already made theirs, never by a route.
 */
export class EmailService {
  constructor(
    private readonly repository: EmailRepository,
    private readonly deps: { jobs: Pick<Jobs, 'sendMany'>; ids: IdGenerator; clock: Clock },
  ) {}

  async queue<N extends EmailTemplateName>(tx: Executor, input: QueueEmailInput<N>): Promise<{ messageId: string }> {
    const [messageId] = (await this.queueAll(tx, [input as AnyQueueEmailInput])).messageIds;
    return { messageId: messageId! };
  }

  /** Several emails in one insert and one job statement (a booking change mails both parties). */
  async queueAll(tx: Executor, inputs: readonly AnyQueueEmailInput[]): Promise<{ messageIds: string[] }> {
    const createdAt = this.deps.clock.now();
    // Checked before anything is written: a wrong shape is the caller's bug and fails its transaction.
    const messages = inputs.map((input) => ({
      id: this.deps.ids(),
      userId: input.userId ?? null,
      toAddress: input.to,
      template: input.template,
      data: parseEmailData(input.template, input.data as never),
      createdAt,
    }));
    await this.repository.insertMessages(messages, tx);
    await this.deps.jobs.sendMany(
      'notifications.send_email',
      messages.map((message) => ({ messageId: message.id })),
      { tx },
    );
    return { messageIds: messages.map((message) => message.id) };
  }
}
