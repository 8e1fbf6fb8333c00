import type { PaymentEventReader, PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { WebhookHandlerRegistry } from '../payments/webhooks/webhook-handlers.ts';
import { IdentityRepository } from './identity.repository.ts';
import { identityRoutes } from './identity.routes.ts';
import { IdentityService } from './identity.service.ts';
import { identitySignal } from './identity.signal.ts';
import { IDENTITY_EVENT_TYPES, identitySessionHandler } from './identity.webhooks.ts';

/** Identity verification (issue 10 item 3): routes, and the checklist's signal. */
export function createIdentityModule(deps: { db: Db; payments: PaymentsPort; clock: Clock; ids: IdGenerator; webAppUrl: string }) {
  const repository = new IdentityRepository();
  const service = new IdentityService({ ...deps, repository });
  return { routes: identityRoutes(service), service, signal: identitySignal({ db: deps.db, repository }) };
}

/** The Stripe events this module follows (registered with the job handlers, app.ts). */
export function registerIdentityWebhookHandlers(handlers: WebhookHandlerRegistry, deps: { reader: PaymentEventReader; clock: Clock }): void {
  const handler = identitySessionHandler({ ...deps, repository: new IdentityRepository() });
  for (const type of IDENTITY_EVENT_TYPES) handlers.registerWebhookHandler(type, handler);
}
