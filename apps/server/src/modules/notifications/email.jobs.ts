import { EmailDeliveryError, type EmailPort } from '../../integrations/email/email.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { JobDefinition } from '../../platform/jobs/job-types.ts';
import { EMAIL_TEMPLATES } from './email-templates/email-templates.ts';
import type { EmailRepository } from './email.repository.ts';

/** Attempts after the first; with 30 s doubling backoff (capped at 1 h) they span about 2 hours. */
const RETRY_LIMIT = 8;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/**
 * `notifications.send_email`: hands one queued message to the email port. Safe to run twice:
 * it re-reads the row and does nothing once the message is sent or has failed, and the
 * idempotency key `email:{messageId}` makes the provider deliver it once even if a previous
 * run crashed between the provider accepting it and the row being marked sent. Retryable
 * errors are rethrown so pg-boss tries again with backoff; permanent ones fail the message
 * at once.
 */
export function sendEmailJob(deps: {
  repository: EmailRepository;
  email: EmailPort;
  clock: Clock;
  /** config.EMAIL_FROM */
  from: string;
}): JobDefinition<'notifications.send_email'> {
  return {
    name: 'notifications.send_email',
    retryLimit: RETRY_LIMIT,
    retryDelaySeconds: 30,
    retryDelayMaxSeconds: 3600,
    expireInSeconds: 5 * 60,
    concurrency: 4,
    async handler({ messageId }, { retryCount }) {
      const message = await deps.repository.findMessage(messageId);
      // Absent only if its account was deleted meanwhile (the row cascades away): nothing to send.
      if (!message || message.status !== 'queued') return;

      await deps.repository.recordAttempt(messageId);
      try {
        const category = (EMAIL_TEMPLATES as Partial<Record<string, { category: string }>>)[message.template]?.category;
        const { providerMessageId } = await deps.email.send({
          to: message.toAddress,
          from: deps.from,
          subject: message.subject,
          html: message.html,
          text: message.text,
          tags: { template: message.template, ...(category ? { category } : {}), message_id: messageId },
          idempotencyKey: `email:${messageId}`,
        });
        await deps.repository.markSent(messageId, providerMessageId, deps.clock.now());
      } catch (error) {
        const permanent = error instanceof EmailDeliveryError && !error.retryable;
        if (permanent) {
          await deps.repository.markFailed(messageId, errorText(error));
          return;
        }
        if (retryCount >= RETRY_LIMIT) await deps.repository.markFailed(messageId, errorText(error));
        else await deps.repository.recordError(messageId, errorText(error));
        throw error;
      }
    },
  };
}
