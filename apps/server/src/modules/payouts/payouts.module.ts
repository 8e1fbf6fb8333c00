import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PaymentEventReader, PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import type { Locks } from '../../platform/lock/lock.port.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import type { WebhookHandlerRegistry } from '../payments/webhooks/webhook-handlers.ts';
import { InstantPayoutRequestsRepository } from './instant-payout-requests.repository.ts';
import { InstantPayoutSteps } from './instant-payout-steps.ts';
import { payoutFailedHandler, payoutPaidHandler } from './payout-ledger.webhooks.ts';
import { completeInstantFeesJob } from './payouts.jobs.ts';
import { PayoutsRepository } from './payouts.repository.ts';
import { payoutsRoutes } from './payouts.routes.ts';
import { PayoutsService } from './payouts.service.ts';
import { payoutsSignal } from './payouts.signal.ts';
import { accountUpdatedHandler } from './payouts.webhooks.ts';

type PayoutsDeps = { db: Db; payments: PaymentsPort; clock: Clock; ids: IdGenerator; ledger: LedgerService; locks: Locks; webAppUrl: string };

/** Instructors' payouts (issue 10 item 2): routes, and the checklist's signal. */
export function createPayoutsModule(deps: PayoutsDeps) {
  const repository = new PayoutsRepository();
  const requests = new InstantPayoutRequestsRepository();
  const steps = new InstantPayoutSteps({ ...deps, requests });
  const service = new PayoutsService({ ...deps, repository, requests, steps });
  const routes: FastifyPluginAsyncZod = payoutsRoutes(service);
  return { routes, service, steps, signal: payoutsSignal({ db: deps.db, repository }) };
}

/** The sweep completing instant payouts a crash interrupted (the `payment-health-check` schedule). */
export async function registerPayoutsJobs(jobs: Jobs, deps: Omit<PayoutsDeps, 'ids' | 'webAppUrl'>): Promise<void> {
  await jobs.register(completeInstantFeesJob(new InstantPayoutSteps({ ...deps, requests: new InstantPayoutRequestsRepository() })));
}

/** The Stripe events this module follows (registered with the job handlers, app.ts). */
export function registerPayoutsWebhookHandlers(handlers: WebhookHandlerRegistry, deps: { reader: PaymentEventReader; clock: Clock; ledger: LedgerService }): void {
  const repository = new PayoutsRepository();
  handlers.registerWebhookHandler('account.updated', accountUpdatedHandler({ ...deps, repository }));
  // Payouts reaching (or bouncing from) the bank, in the books (PRODUCT.md §6).
  handlers.registerWebhookHandler('payout.paid', payoutPaidHandler({ ...deps, repository }));
  handlers.registerWebhookHandler('payout.failed', payoutFailedHandler({ ...deps, repository }));
}
