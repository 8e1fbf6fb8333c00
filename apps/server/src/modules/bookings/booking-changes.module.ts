import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { ResponseCache } from '../../platform/http/response-cache.ts';
import type { PubSub } from '../../platform/pubsub/pubsub.port.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import type { Locks } from '../../platform/lock/lock.port.ts';
import { AvailabilityRepository } from '../availability/availability.repository.ts';
import { SlotsService } from '../availability/slots.service.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import type { EmailService } from '../notifications/email.service.ts';
import { BookingEmails } from './booking-emails.ts';
import { BookingChangeMoney } from './booking-change-money.ts';
import { freeTimeChangedNotifier } from './free-time-changed.ts';
import { bookingChangesRoutes } from './booking-changes.routes.ts';
import { BookingChangesService } from './booking-changes.service.ts';
import { BookingPaymentsRepository } from './booking-payments.repository.ts';
import { BookingPayments } from './booking-payments.service.ts';
import { BookingsRepository } from './bookings.repository.ts';
import { expireCreditsJob } from './credits.jobs.ts';
import { creditsRoutes } from './credits.routes.ts';
import { CreditsService } from './credits.service.ts';
import { noShowsRoutes } from './no-shows.routes.ts';
import { NoShowsService, resolveNoShowsJob } from './no-shows.service.ts';

interface ChangeDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  payments: PaymentsPort;
  ledger: LedgerService;
  emails: Pick<EmailService, 'queue' | 'queueAll'>;
  /** The bookings' payment lock across processes (Redis), when configured. */
  locks?: Locks | undefined;
}

/**
 * What happens to a booking after it is made (issue 11 items 5–8): cancellation, reschedule,
 * no-shows and credits. Its own module beside bookings.module.ts (booking and the payment
 * timeline), sharing the repository and the money helpers. A change of someone's free time
 * forgets the cached search pages (tag `availability`), as booking does.
 */
export function createBookingChangesModule(deps: ChangeDeps & { responses?: ResponseCache; pubsub?: PubSub | undefined }) {
  const repository = new BookingsRepository();
  const money = new BookingChangeMoney({ ...deps, repository });
  const freeTimeChanged = freeTimeChangedNotifier(deps);
  const slots = new SlotsService({ repository: new AvailabilityRepository(deps.db), clock: deps.clock });
  // A move to within 24 h takes the timeline's authorization first (reschedule.policy `authorizeFirst`).
  const timeline = new BookingPayments({ ...deps, repository, steps: new BookingPaymentsRepository(), freeTimeChanged });
  const changes = new BookingChangesService({ db: deps.db, clock: deps.clock, repository, money, slots, freeTimeChanged, emails: new BookingEmails({ emails: deps.emails }), timeline });
  const noShows = new NoShowsService({ db: deps.db, clock: deps.clock, repository, money });
  const credits = new CreditsService(deps);
  const routes: FastifyPluginAsyncZod = async (app) => {
    await app.register(bookingChangesRoutes(changes));
    await app.register(noShowsRoutes(noShows));
    await app.register(creditsRoutes(credits));
  };
  return { routes, changes, noShows, credits };
}

/** The hourly no-show resolution and the daily credit expiry (schedules.ts); neither changes anyone's free time. */
export async function registerBookingChangeJobs(deps: ChangeDeps & { jobs: Jobs; pubsub?: PubSub | undefined }): Promise<void> {
  const module = createBookingChangesModule(deps);
  await deps.jobs.register(resolveNoShowsJob(module.noShows, module.changes));
  await deps.jobs.register(expireCreditsJob(module.credits));
}
