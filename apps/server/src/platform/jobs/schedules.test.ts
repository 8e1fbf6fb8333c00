import { describe, expect, it } from 'vitest';
import { activeSchedules, SCHEDULES } from './schedules.ts';

describe('schedule registry (PRODUCT.md §11)', () => {
  it('lists every recurring job of the specification with its cadence', () => {
    const byKey = Object.fromEntries(SCHEDULES.map((s) => [s.key, s.cron]));
    expect(byKey).toEqual({
      'authorize-due-payments': '*/5 * * * *',
      'payment-health-check': '*/15 * * * *',
      'capture-completed-lessons': '0 * * * *',
      'dispatch-notifications': '*/15 * * * * *',
      'booking-reminders': '*/5 * * * *',
      'resolve-no-shows': '0 * * * *',
      'unlock-referral-rewards': '*/15 * * * *',
      'search-metrics': '0 * * * *',
      'learn-location-aliases': '10 3 * * *',
      'data-retention': '0 2 * * *',
      'purge-soft-deleted': '0 4 * * *',
      'finalize-badges': '0 7 * * *',
      'privacy-report': '0 1 * * 0',
      // Not in §11: Stripe's own clock for the local Stripe, development and tests only.
      'local-stripe-sweep': '*/5 * * * *',
      // Not in §11: the books against the provider (§6), daily at 05:30 New York.
      'ledger-reconciliation': '30 5 * * *',
      // Issue 11 item 1: booking holds expire after 10 minutes.
      'expire-booking-holds': '* * * * *',
      // Issue 11 item 8: credits expire a year after issue (daily, 03:20 New York).
      'expire-credits': '20 3 * * *',
      'resume-tips-refunds': '*/5 * * * *',
    });
  });

  it('activates only schedules whose job has a registered handler', () => {
    const specs = [
      { key: 'a', cron: '* * * * *', description: 'has handler', job: 'dev.echo' as const },
      { key: 'b', cron: '* * * * *', description: 'feature not built' },
    ];
    expect(activeSchedules(specs, new Set(['dev.echo'])).map((s) => s.key)).toEqual(['a']);
    expect(activeSchedules(specs, new Set())).toEqual([]);
  });

  it('binds the schedules whose features exist to their jobs, and only those', () => {
    const bound = Object.fromEntries(SCHEDULES.filter((s) => s.job).map((s) => [s.key, s.job]));
    expect(bound).toEqual({
      'search-metrics': 'search.metrics',
      // 03:10 in New York: crons are read in the marketplace time zone (jobs.ts).
      'learn-location-aliases': 'search.learn_location_aliases',
      'data-retention': 'discovery.retention',
      'local-stripe-sweep': 'payments.local_stripe_sweep',
      'ledger-reconciliation': 'ledger.reconcile',
      'payment-health-check': 'payouts.complete_instant_fees',
      'expire-booking-holds': 'bookings.expire_holds',
      'authorize-due-payments': 'bookings.authorize_due_payments',
      'capture-completed-lessons': 'bookings.capture_completed_lessons',
      'resolve-no-shows': 'bookings.resolve_no_shows',
      'expire-credits': 'bookings.expire_credits',
      'resume-tips-refunds': 'bookings.resume_tips_refunds',
    });
    expect(activeSchedules(SCHEDULES, new Set(['dev.echo']))).toEqual([]);
  });
});
