import type { JobDefinition } from '../../platform/jobs/job-types.ts';
import type { BookingPayments } from './booking-payments.service.ts';

/** Every 5 minutes (authorize-due-payments): authorizations, retries, the payment_failed notice and the T-6 h cancellation. */
export function authorizeDuePaymentsJob(payments: BookingPayments): JobDefinition<'bookings.authorize_due_payments'> {
  return {
    name: 'bookings.authorize_due_payments',
    retryLimit: 2,
    expireInSeconds: 10 * 60,
    // One run at a time: a second one would only wait on the same row locks.
    concurrency: 1,
    handler: async () => {
      await payments.authorizeDue();
    },
  };
}

/** Hourly (capture-completed-lessons): lessons that ended become completed; captures and transfers 24 h after. */
export function captureCompletedLessonsJob(payments: BookingPayments): JobDefinition<'bookings.capture_completed_lessons'> {
  return {
    name: 'bookings.capture_completed_lessons',
    retryLimit: 2,
    expireInSeconds: 30 * 60,
    concurrency: 1,
    handler: async () => {
      await payments.captureDue();
    },
  };
}
