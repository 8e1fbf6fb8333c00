import type { JobDefinition } from '../../platform/jobs/job-types.ts';
import type { BookingRefundsService } from './booking-refunds.service.ts';
import type { BookingTipsService } from './booking-tips.service.ts';

/** A request still running has this long to finish its own tip or refund before the sweep does. */
const LEFT_TO_THE_REQUEST_MS = 2 * 60_000;

/** Every 5 minutes (schedule `resume-tips-refunds`): tips and refunds a crash left pending, finished with their own keys. */
export function resumeTipsRefundsJob(tips: BookingTipsService, refunds: BookingRefundsService): JobDefinition<'bookings.resume_tips_refunds'> {
  return {
    name: 'bookings.resume_tips_refunds',
    retryLimit: 3,
    expireInSeconds: 5 * 60,
    concurrency: 1,
    handler: async () => {
      await tips.resumePending({ olderThanMs: LEFT_TO_THE_REQUEST_MS });
      await refunds.resumePending({ olderThanMs: LEFT_TO_THE_REQUEST_MS });
    },
  };
}
