import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PaymentEventReader, PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import type { WebhookHandlerRegistry } from '../payments/webhooks/webhook-handlers.ts';
import { payoutFailedHandler, payoutPaidHandler } from './payout-ledger.webhooks.ts';
import { PayoutsRepository } from './payouts.repository.ts';
import { payoutsRoutes } from './payouts.routes.ts';
import { PayoutsService } from './payouts.service.ts';
import { payoutsSignal } from './payouts.signal.ts';
import { accountUpdatedHandler } from './payouts.webhooks.ts';

/** Instructors' payouts (issue 10 item 2): routes, and the checklist's signal. */
export function createPayoutsModule(deps: { db: Db; payments: PaymentsPort; clock: Clock; ids: IdGenerator; ledger: LedgerService; webAppUrl: string }) {
  const repository = new PayoutsRepository();
  const service = new PayoutsService({ ...deps, repository });
  const routes: FastifyPluginAsyncZod = payoutsRoutes(service);
  return { routes, service, signal: payoutsSignal({ db: deps.db, repository }) };
}

/** The Stripe events this module follows (registered with the job handlers, app.ts). */
export function registerPayoutsWebhookHandlers(handlers: WebhookHandlerRegistry, deps: { reader: PaymentEventReader; clock: Clock; ledger: LedgerService }): void {
  const repository = new PayoutsRepository();
  handlers.registerWebhookHandler('account.updated', accountUpdatedHandler({ ...deps, repository }));
  // Payouts reaching (or bouncing from) the bank, in the books (PRODUCT.md §6).
  handlers.registerWebhookHandler('payout.paid', payoutPaidHandler({ ...deps, repository }));
  handlers.registerWebhookHandler('payout.failed', payoutFailedHandler({ ...deps, repository }));
}
