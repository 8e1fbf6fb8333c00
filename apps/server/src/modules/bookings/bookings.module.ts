import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Geocoder } from '../../integrations/geocoding/geocoding.port.ts';
import type { PaymentEventReader, PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { CACHE_TAGS, type ResponseCache } from '../../platform/http/response-cache.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import type { PubSub } from '../../platform/pubsub/pubsub.port.ts';
import type { GeoRepository } from '../geo/geo.repository.ts';
import type { EmailService } from '../notifications/email.service.ts';
import type { WebhookHandlerRegistry } from '../payments/webhooks/webhook-handlers.ts';
import { AUTHORIZED_PAYMENT_EVENTS, authorizedPaymentHandler, BookingAuthentication } from './booking-authentication.ts';
import { BookingCardChange } from './booking-card-change.service.ts';
import { BookingEmails } from './booking-emails.ts';
import type { Locks } from '../../platform/lock/lock.port.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import { freeTimeChangedNotifier } from './free-time-changed.ts';
import { BookingHolds, expireHoldsJob } from './booking-holds.ts';
import { authorizeDuePaymentsJob, captureCompletedLessonsJob } from './booking-payments.jobs.ts';
import { BookingPaymentsRepository } from './booking-payments.repository.ts';
import { BookingPayments } from './booking-payments.service.ts';
import { BookingsRepository } from './bookings.repository.ts';
import { bookingsRoutes } from './bookings.routes.ts';
import { paymentAttentionRoutes } from './payment-attention.routes.ts';
import { PaymentAttentionService } from './payment-attention.service.ts';
import { BookingsService } from './bookings.service.ts';
import { BookingTurns } from './booking-turns.ts';

/**
 * How long a burst's booking turns remember what the database answered after its last request
 * (booking-turns.ts). Long enough to bridge the gaps between a burst's arrivals; changes are
 * announced through the response cache's invalidations, so this only bounds an unannounced one.
 */
const TURNS_LINGER_MS = 1_000;

/**
 * Bookings (issue 11): routes wired to the service. Every booking write changes someone's free
 * time, so cached search pages (tag `availability`) are forgotten after it commits.
 */
export function createBookingsModule(deps: {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  payments: PaymentsPort;
  geocoder: Geocoder;
  places: Pick<GeoRepository, 'servesPoint' | 'neighborhoodAt'>;
  responses?: ResponseCache;
  emails: Pick<EmailService, 'queue' | 'queueAll'>;
  locks?: Locks | undefined;
}) {
  const repository = new BookingsRepository();
  const freeTimeChanged = freeTimeChangedNotifier({ responses: deps.responses });
  const emails = new BookingEmails({ emails: deps.emails });
  const turns = new BookingTurns({ lingerMs: deps.responses ? TURNS_LINGER_MS : 0 });
  // A burst's remembered answers go as soon as anyone's free time changes, here or in another process.
  deps.responses?.onInvalidate((tags) => {
    if (tags.includes(CACHE_TAGS.availability)) turns.forgetIdle();
  });
  const service = new BookingsService({ ...deps, repository, freeTimeChanged, emails, turns });
  const authentication = new BookingAuthentication({ ...deps, repository, freeTimeChanged, emails });
  const attention = new PaymentAttentionService({ db: deps.db, steps: new BookingPaymentsRepository() });
  const cardChange = new BookingCardChange({ ...deps, repository });
  const routes: FastifyPluginAsyncZod = async (app) => {
    await app.register(bookingsRoutes(service, authentication, cardChange));
    await app.register(paymentAttentionRoutes(attention));
  };
  return { routes, service, authentication, holds: new BookingHolds({ ...deps, repository, freeTimeChanged, emails }) };
}

/**
 * The hold sweep's and the payment timeline's jobs (registered with the job handlers, app.ts).
 * Without a response cache in the worker, the invalidation is published to every process's
 * cache (PubSub) when given.
 */
export async function registerBookingJobs(deps: {
  db: Db;
  clock: Clock;
  payments: PaymentsPort;
  jobs: Jobs;
  pubsub?: PubSub | undefined;
  ledger: Pick<LedgerService, 'post'>;
  emails: Pick<EmailService, 'queue' | 'queueAll'>;
  locks?: Locks | undefined;
}): Promise<void> {
  const repository = new BookingsRepository();
  const freeTimeChanged = freeTimeChangedNotifier({ pubsub: deps.pubsub });
  await deps.jobs.register(expireHoldsJob(new BookingHolds({ ...deps, repository, freeTimeChanged, emails: new BookingEmails({ emails: deps.emails }) })));
  const timeline = new BookingPayments({ ...deps, repository, steps: new BookingPaymentsRepository(), freeTimeChanged });
  await deps.jobs.register(authorizeDuePaymentsJob(timeline));
  await deps.jobs.register(captureCompletedLessonsJob(timeline));
}

/** Stripe's word that a payment is authorized confirms a hold that waited on the student's bank (3-D Secure). */
export function registerBookingWebhookHandlers(handlers: WebhookHandlerRegistry, deps: { reader: PaymentEventReader; clock: Clock; emails: Pick<EmailService, 'queue' | 'queueAll'> }): void {
  const handler = authorizedPaymentHandler({ reader: deps.reader, clock: deps.clock, repository: new BookingsRepository(), emails: new BookingEmails({ emails: deps.emails }) });
  for (const type of AUTHORIZED_PAYMENT_EVENTS) handlers.registerWebhookHandler(type, handler);
}
