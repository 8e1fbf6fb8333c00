import type { JobDefinition } from '../../../platform/jobs/job-types.ts';
import type { WebhookProcessor } from './webhook-processor.ts';

/**
 * Processes a stored Stripe event. Retried with exponential backoff (10 s doubling, at most an
 * hour apart) for about a day of failures: the event stays stored with its last error either way.
 */
export function processWebhookJob(processor: WebhookProcessor): JobDefinition<'payments.process_webhook'> {
  return {
    name: 'payments.process_webhook',
    retryLimit: 30,
    retryDelaySeconds: 10,
    retryDelayMaxSeconds: 3600,
    expireInSeconds: 5 * 60,
    concurrency: 4,
    handler: async ({ eventId }) => void (await processor.process(eventId)),
  };
}
