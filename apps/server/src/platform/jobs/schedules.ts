import type { JobName } from './job-types.ts';

/**
 * The recurring work of PRODUCT.md §11, in the marketplace time zone (crons are read in
 * MARKETPLACE_TIME_ZONE, see jobs.ts). A schedule only runs once the feature that owns it
 * registers its handler (`Jobs.register`) and names the job here: listing a schedule without a
 * handler would be a no-op pretending to work.
 */
export interface ScheduleSpec {
  /** What PRODUCT.md calls it. */
  key: string;
  cron: string;
  description: string;
  /** The job that does the work, once its feature exists. */
  job?: JobName;
}

export const SCHEDULES: readonly ScheduleSpec[] = [
  { key: 'authorize-due-payments', cron: '*/5 * * * *', description: 'Authorize payments of lessons starting within 24 h', job: 'bookings.authorize_due_payments' },
  { key: 'payment-health-check', cron: '*/15 * * * *', description: 'Find payments stuck between steps and repair them', job: 'payouts.complete_instant_fees' },
  { key: 'capture-completed-lessons', cron: '0 * * * *', description: 'Capture payments 24 h after lessons end and transfer', job: 'bookings.capture_completed_lessons' },
  { key: 'dispatch-notifications', cron: '*/15 * * * * *', description: 'Send queued notifications (every 15 s)' },
  { key: 'booking-reminders', cron: '*/5 * * * *', description: 'Send 24 h and 1 h lesson reminders' },
  { key: 'resolve-no-shows', cron: '0 * * * *', description: 'Resolve undisputed no-show reports', job: 'bookings.resolve_no_shows' },
  { key: 'unlock-referral-rewards', cron: '*/15 * * * *', description: 'Pay out referral rewards that became due' },
  { key: 'search-metrics', cron: '0 * * * *', description: 'Aggregate search metrics', job: 'search.metrics' },
  { key: 'learn-location-aliases', cron: '10 3 * * *', description: 'Learn location aliases from search choices', job: 'search.learn_location_aliases' },
  { key: 'data-retention', cron: '0 2 * * *', description: 'Purge data past its retention period', job: 'discovery.retention' },
  { key: 'purge-soft-deleted', cron: '0 4 * * *', description: 'Purge soft-deleted records' },
  { key: 'finalize-badges', cron: '0 7 * * *', description: 'Compute and finalize student badges' },
  // Not in §11 (§6 asks that the books reconcile with the provider): after the night's other work.
  { key: 'ledger-reconciliation', cron: '30 5 * * *', description: 'Compare the provider balance transactions with the ledger', job: 'ledger.reconcile' },
  // Only where the local Stripe runs (its job is registered only then): Stripe's own clock, on ours.
  { key: 'local-stripe-sweep', cron: '*/5 * * * *', description: 'Local Stripe: expire authorizations and move payouts that are due', job: 'payments.local_stripe_sweep' },
  // Issue 11 item 1: a hold with no valid payment within 10 minutes frees the time.
  { key: 'expire-booking-holds', cron: '* * * * *', description: 'Expire pending booking holds past their 10 minutes', job: 'bookings.expire_holds' },
  // Issue 11 item 8: credits expire a year after issue.
  { key: 'expire-credits', cron: '20 3 * * *', description: 'Expire platform credits a year old', job: 'bookings.expire_credits' },
  // Issue 11 items 9 and 10: a tip or refund a crash interrupted is finished even if nobody retries.
  { key: 'resume-tips-refunds', cron: '*/5 * * * *', description: 'Finish tips and admin refunds left pending by a crash', job: 'bookings.resume_tips_refunds' },
  { key: 'privacy-report', cron: '0 1 * * 0', description: 'Weekly privacy report (Sundays)' },
];

/** Schedules that can run now: those whose job exists and has a registered handler. */
export function activeSchedules(
  specs: readonly ScheduleSpec[],
  registered: ReadonlySet<string>,
): Array<ScheduleSpec & { job: JobName }> {
  return specs.filter((spec): spec is ScheduleSpec & { job: JobName } => spec.job !== undefined && registered.has(spec.job));
}
