import { EmailDeliveryError, type EmailPort } from '../../integrations/email/email.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { JobDefinition } from '../../platform/jobs/job-types.ts';
import { EMAIL_TEMPLATES } from './email-templates/email-templates.ts';
import { renderStoredEmail, type RenderedEmail } from './email-templates/render-email.ts';
import type { EmailRepository } from './email.repository.ts';

/** Attempts after the first; with 30 s doubling backoff (capped at 1 h) they span about 2 hours. */
const RETRY_LIMIT = 8;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/** The row as the job reads it. */
type QueuedMessage = NonNullable<Awaited<ReturnType<EmailRepository['findMessage']>>>;

interface SendEmailDeps {
  repository: EmailRepository;
  email: EmailPort;
  clock: Clock;
  /** config.EMAIL_FROM */
  from: string;
  /** config.PUBLIC_URL: every link in an email is absolute (the job renders; queueing does not). */
  publicUrl: string;
}

/**
 * `notifications.send_email`: renders one queued message if no run did yet, then hands it to
 * the email port. Safe to run twice: it re-reads the row and does nothing once the message is
 * sent or has failed; the rendering is stored before the first send, so every retry sends the
 * same message; and the idempotency key `email:{messageId}` makes the provider deliver it once
 * even if a previous run crashed between the provider accepting it and the row being marked
 * sent. Retryable errors are rethrown so pg-boss tries again with backoff; permanent ones (the
 * provider's, or data that does not render) fail the message at once.
 */
export function sendEmailJob(deps: SendEmailDeps): JobDefinition<'notifications.send_email'> {
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
      const content = await contentOf(message, deps);
      if (!content) return;

      await deps.repository.recordAttempt(messageId);
      try {
        const category = (EMAIL_TEMPLATES as Partial<Record<string, { category: string }>>)[message.template]?.category;
        const { providerMessageId } = await deps.email.send({
          to: message.toAddress,
          from: deps.from,
          ...content,
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

/**
 * The message's subject, HTML and text: rendered from its template and data and stored by the
 * first run that gets here, read from the row by every later one. Undefined when there is
 * nothing to send: the data does not render (the message is failed: rendering is deterministic,
 * so a retry cannot help), or the message stopped being queued meanwhile.
 */
async function contentOf(message: QueuedMessage, deps: SendEmailDeps): Promise<RenderedEmail | undefined> {
  const stored = storedContent(message);
  if (stored) return stored;
  let rendered: RenderedEmail;
  try {
    rendered = await renderStoredEmail(message.template, message.data, { publicUrl: deps.publicUrl });
  } catch (error) {
    await deps.repository.markFailed(message.id, `Could not render: ${errorText(error)}`.slice(0, 1000));
    return undefined;
  }
  if (await deps.repository.storeRendered(message.id, rendered)) return rendered;
  // Another run stored its rendering first, or the message is no longer queued: the row decides.
  const again = await deps.repository.findMessage(message.id);
  return again?.status === 'queued' ? storedContent(again) : undefined;
}

function storedContent({ subject, html, text }: QueuedMessage): RenderedEmail | undefined {
  return subject !== null && html !== null && text !== null ? { subject, html, text } : undefined;
}
