/**
 * Every job the system runs, by name, with its payload. `Jobs.send` and `Jobs.register` only
 * accept names listed here, so a typo or a wrong payload is a compile error. Add a job here
 * when its feature lands, together with its handler.
 */
export interface JobPayloads {
  /** Development only: sleeps, then records that it completed (exercises durability of jobs). */
  'dev.echo': { message: string; seconds: number };
  /** Sends one queued email (row in email_messages) through the email port. */
  'notifications.send_email': { messageId: string };
  /** Sends one queued SMS (row in sms_messages) through the SMS port. */
  'notifications.send_sms': { messageId: string };
  /** Emails a password reset link if the (normalised) email has an account. */
  'auth.password_reset_requested': { email: string };
  /** Scheduled hourly: search quality of the last hour to the Prometheus gauges. */
  'search.metrics': Record<string, never>;
  /** Scheduled nightly: learns location aliases from what people opened after searching. */
  'search.learn_location_aliases': Record<string, never>;
  /** Scheduled daily: purges searches and profile views past their 90 days. */
  'discovery.retention': Record<string, never>;
  /** Runs the handlers of one stored Stripe webhook event (row in payment_webhook_events), once. */
  'payments.process_webhook': { eventId: string };
  /** Development and tests (local Stripe only): signs one of its events and POSTs it to our webhook endpoint, as Stripe does. */
  'payments.deliver_local_event': { eventId: string };
  /** Scheduled daily: the provider's balance transactions of the last two days against the ledger, the report kept. */
  'ledger.reconcile': Record<string, never>;
  /** Development and tests (local Stripe only), scheduled: expires authorizations and moves payouts by the Clock. */
  'payments.local_stripe_sweep': Record<string, never>;
  /** Scheduled every 15 min (payment-health-check): completes instant payouts a crash left between the payout and its fee. */
  'payouts.complete_instant_fees': Record<string, never>;
  /** Scheduled every minute: expires pending booking holds past their 10 minutes by the Clock, freeing the time. */
  'bookings.expire_holds': Record<string, never>;
  /** Scheduled every 5 min (authorize-due-payments): the payment timeline's authorizations, retries, notice and T-6 h cancellation. */
  'bookings.authorize_due_payments': Record<string, never>;
  /** Scheduled hourly (capture-completed-lessons): lessons completed at their end, captured and transferred 24 h later. */
  'bookings.capture_completed_lessons': Record<string, never>;
  /** Scheduled hourly (resolve-no-shows): resolves undisputed no-show reports past their 24 h dispute window. */
  'bookings.resolve_no_shows': Record<string, never>;
  /** Scheduled daily: platform credits a year old give up what is left (ledger creditExpired). */
  'bookings.expire_credits': Record<string, never>;
  /** Scheduled every 5 minutes: tips and admin refunds a crash left pending, finished with their own keys. */
  'bookings.resume_tips_refunds': Record<string, never>;
}

export type JobName = keyof JobPayloads;

export interface JobContext {
  jobId: string;
  /** 0 on the first attempt, then 1, 2… */
  retryCount: number;
  /** Aborted when the process shuts down and stops waiting for this job. */
  signal: AbortSignal;
}

export interface JobDefinition<N extends JobName> {
  name: N;
  handler: (payload: JobPayloads[N], context: JobContext) => Promise<void>;
  /** Attempts after the first. Default 3. */
  retryLimit?: number;
  /** Seconds before the first retry; doubled with jitter each time (exponential backoff). Default 30. */
  retryDelaySeconds?: number;
  /** Upper bound for the backoff. Default 1 hour. */
  retryDelayMaxSeconds?: number;
  /** A job running longer is failed (and retried). Default 15 minutes. */
  expireInSeconds?: number;
  /** How many of these one process runs at once. Default 2. */
  concurrency?: number;
}
