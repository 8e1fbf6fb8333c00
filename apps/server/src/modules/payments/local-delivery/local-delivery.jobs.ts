import type { LocalStripe } from '@instainstru/local-stripe';
import type { JobDefinition } from '../../../platform/jobs/job-types.ts';
import type { LocalEventDelivery } from './local-event-delivery.service.ts';
import { DELIVERY_RETRY } from './local-delivery.policy.ts';

/**
 * One delivery attempt of a local Stripe event to our endpoint. A failure is retried by
 * pg-boss with exponential backoff: 8 attempts over about a day (local-delivery.policy.ts).
 */
export function deliverLocalEventJob(delivery: LocalEventDelivery): JobDefinition<'payments.deliver_local_event'> {
  return {
    name: 'payments.deliver_local_event',
    ...DELIVERY_RETRY,
    // The transport gives up after 30 s; this only catches a process that died mid-attempt.
    expireInSeconds: 120,
    concurrency: 2,
    handler: async ({ eventId }) => void (await delivery.attempt(eventId)),
  };
}

/**
 * What Stripe's own clock does to objects nobody touches, on ours: authorizations past their
 * capture_before are cancelled, payouts move pending → in_transit → paid. Each is a sweep over
 * what is due by the Clock, so running it late, twice, or after a jump of days is correct.
 */
export function localStripeSweepJob(local: LocalStripe): JobDefinition<'payments.local_stripe_sweep'> {
  return {
    name: 'payments.local_stripe_sweep',
    retryLimit: 2,
    expireInSeconds: 5 * 60,
    concurrency: 1,
    handler: async () => {
      await local.expireAuthorizations();
      await local.advancePayouts();
    },
  };
}
