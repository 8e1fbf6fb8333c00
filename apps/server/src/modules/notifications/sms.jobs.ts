import { SmsError, type SmsPort, type SmsSendResult } from '../../integrations/sms/sms.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { JobDefinition } from '../../platform/jobs/job-types.ts';
import { redactCodes } from './sms.policy.ts';
import type { SmsRepository } from './sms.repository.ts';

const RETRY_LIMIT = 5;

export interface SendSmsJobLogger {
  warn(object: unknown, message?: string): void;
}

/**
 * Delivers one queued SMS (`notifications.send_sms`). Safe to run twice: it re-reads the row
 * and does nothing unless the message is still queued, and it sends with the idempotency key
 * `sms:{messageId}`. A permanent provider error marks the message failed; a retryable one is
 * rethrown so pg-boss retries with backoff, until the last attempt marks it failed.
 *
 * Once a verification message has left, its stored body keeps no code (only the hash in
 * phone_verifications can check one).
 */
export function sendSmsJob(deps: {
  repository: SmsRepository;
  sms: SmsPort;
  clock: Clock;
  logger?: SendSmsJobLogger;
}): JobDefinition<'notifications.send_sms'> {
  const { repository, sms, clock, logger } = deps;
  return {
    name: 'notifications.send_sms',
    retryLimit: RETRY_LIMIT,
    retryDelaySeconds: 15,
    retryDelayMaxSeconds: 15 * 60,
    expireInSeconds: 2 * 60,
    async handler({ messageId }, { retryCount }) {
      const message = await repository.find(messageId);
      // Gone with its user, or already handled by an earlier run: nothing to do.
      if (!message || message.status !== 'queued') return;
      const storedBody = message.purpose === 'verification' ? redactCodes(message.body) : undefined;

      let result: SmsSendResult;
      try {
        result = await sms.send({ to: message.to, body: message.body, idempotencyKey: `sms:${message.id}` });
      } catch (error) {
        // Anything that is not the port's own error (a bug, a dropped connection) may pass on retry.
        const failure =
          error instanceof SmsError
            ? error
            : new SmsError(error instanceof Error ? error.message : String(error), { kind: 'retryable', cause: error });
        if (failure.kind === 'permanent' || retryCount >= RETRY_LIMIT) {
          await repository.markFailed(message.id, { error: failure.message, body: storedBody });
          logger?.warn({ messageId, providerCode: failure.providerCode, err: failure }, 'SMS failed');
          return;
        }
        await repository.recordAttemptError(message.id, failure.message);
        throw failure;
      }
      await repository.markSent(message.id, {
        providerMessageId: result.providerMessageId,
        sentAt: clock.now(),
        body: storedBody,
      });
    },
  };
}
