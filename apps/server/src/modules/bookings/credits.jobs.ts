import type { JobDefinition } from '../../platform/jobs/job-types.ts';
import type { CreditsService } from './credits.service.ts';

/** Daily (schedule `expire-credits`): credits a year old give up what is left (PRODUCT.md §6). */
export function expireCreditsJob(credits: CreditsService): JobDefinition<'bookings.expire_credits'> {
  return {
    name: 'bookings.expire_credits',
    retryLimit: 3,
    expireInSeconds: 15 * 60,
    concurrency: 1,
    handler: async () => {
      await credits.expireDue();
    },
  };
}
