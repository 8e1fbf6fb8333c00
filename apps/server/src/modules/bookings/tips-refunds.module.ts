import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import { BookingPaymentsRepository } from './booking-payments.repository.ts';
import { BookingRefundsService } from './booking-refunds.service.ts';
import { BookingTipsService } from './booking-tips.service.ts';
import { BookingsRepository } from './bookings.repository.ts';
import { tipsRefundsRoutes } from './tips-refunds.routes.ts';

/** Tips and admin refunds (issue 11 items 9 and 10): money after the lesson, sharing the bookings' repository. */
export function createTipsRefundsModule(deps: { db: Db; clock: Clock; ids: IdGenerator; payments: PaymentsPort; ledger: Pick<LedgerService, 'post'> }) {
  const repository = new BookingsRepository();
  const tips = new BookingTipsService({ ...deps, repository, steps: new BookingPaymentsRepository() });
  const refunds = new BookingRefundsService({ ...deps, repository });
  const routes: FastifyPluginAsyncZod = tipsRefundsRoutes(tips, refunds);
  return { routes, tips, refunds };
}
