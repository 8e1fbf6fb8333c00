import type { JobDefinition } from '../../platform/jobs/job-types.ts';
import type { InstantPayoutSteps } from './instant-payout-steps.ts';

/**
 * Every 15 minutes (the `payment-health-check` schedule): completes the instant payouts a crash
 * interrupted between the payout and its fee (instant-payout-steps.ts). Only instructors with an
 * unfinished request cost a provider call; every step is keyed, so a second run, or two at
 * once, changes nothing more.
 */
export function completeInstantFeesJob(steps: InstantPayoutSteps): JobDefinition<'payouts.complete_instant_fees'> {
  return {
    name: 'payouts.complete_instant_fees',
    // The next run is 15 minutes away: a retry only matters for an outage in between.
    retryLimit: 2,
    retryDelaySeconds: 60,
    expireInSeconds: 10 * 60,
    concurrency: 1,
    handler: async () => {
      await steps.sweep();
    },
  };
}
