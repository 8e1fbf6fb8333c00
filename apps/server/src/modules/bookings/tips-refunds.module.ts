import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import { BookingPaymentsRepository } from './booking-payments.repository.ts';
import { BookingRefundsService } from './booking-refunds.service.ts';
import { BookingTipsService } from './booking-tips.service.ts';
import { BookingsRepository } from './bookings.repository.ts';
import { resumeTipsRefundsJob } from './tips-refunds.jobs.ts';
import { tipsRefundsRoutes } from './tips-refunds.routes.ts';

/** Tips and admin refunds (issue 11 items 9 and 10): money after the lesson, sharing the bookings' repository. */
export function createTipsRefundsModule(deps: { db: Db; clock: Clock; ids: IdGenerator; payments: PaymentsPort; ledger: Pick<LedgerService, 'post'> }) {
  const repository = new BookingsRepository();
  const tips = new BookingTipsService({ ...deps, repository, steps: new BookingPaymentsRepository() });
  const refunds = new BookingRefundsService({ ...deps, repository });
  const routes: FastifyPluginAsyncZod = tipsRefundsRoutes(tips, refunds);
  return { routes, tips, refunds };
}

/** The sweep that finishes tips and refunds a crash left pending (schedule `resume-tips-refunds`). */
export async function registerTipsRefundsJobs(deps: Parameters<typeof createTipsRefundsModule>[0] & { jobs: Jobs }): Promise<void> {
  const module = createTipsRefundsModule(deps);
  await deps.jobs.register(resumeTipsRefundsJob(module.tips, module.refunds));
}
