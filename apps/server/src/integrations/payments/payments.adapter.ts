import { createLocalStripe, type LocalStripe } from '@instainstru/local-stripe';
import type { Config } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { PaymentsPort } from './payments.port.ts';
import { StripePayments } from './stripe-payments.adapter.ts';

export interface PaymentsIntegration {
  port: PaymentsPort;
  /** The local Stripe the adapter talks to (development and tests), or null with Stripe itself. */
  local: LocalStripe | null;
}

/**
 * The one place that chooses how payments reach Stripe (ARCHITECTURE rule 5): with
 * STRIPE_SECRET_KEY, Stripe itself; otherwise the local Stripe (packages/local-stripe) in this
 * process, on this database and Clock, reached by the same adapter through the SDK's fetch hook.
 * Its tables are created here when missing.
 */
export async function createPayments(config: Pick<Config, 'payments' | 'PUBLIC_URL'>, deps: { db: Db; clock: Clock }): Promise<PaymentsIntegration> {
  const { secretKey, publishableKey } = config.payments;
  if (config.payments.provider === 'stripe') return { port: new StripePayments({ secretKey, publishableKey }), local: null };
  const local = createLocalStripe({ db: deps.db, clock: deps.clock, publicBaseUrl: config.PUBLIC_URL });
  await local.ensureSchema();
  return { port: new StripePayments({ secretKey, publishableKey, fetch: local.fetch }), local };
}
