import { createLocalStripe, type LocalStripe, type LocalStripeOptions } from '@instainstru/local-stripe';
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

type OnLocalEvent = NonNullable<LocalStripeOptions['onEvent']>;

interface SharedLocalStripe {
  local: LocalStripe;
  ready: Promise<void>;
  onEvent?: OnLocalEvent;
}

/**
 * One local Stripe per database handle in a process: its queue serializes every request and
 * sweep (packages/local-stripe README), so the API, the job handlers (event delivery, sweeps)
 * and a second app on the same database must share one. Its events go to the first `onEvent`
 * given (the delivery job's, registered before the app is built).
 */
const localStripes = new WeakMap<Db, SharedLocalStripe>();

async function sharedLocalStripe(config: Pick<Config, 'PUBLIC_URL'>, deps: { db: Db; clock: Clock; onEvent?: OnLocalEvent }): Promise<LocalStripe> {
  let shared = localStripes.get(deps.db);
  if (!shared) {
    const entry = { onEvent: deps.onEvent } as SharedLocalStripe;
    entry.local = createLocalStripe({ db: deps.db, clock: deps.clock, publicBaseUrl: config.PUBLIC_URL, onEvent: (event) => entry.onEvent?.(event) });
    entry.ready = entry.local.ensureSchema();
    localStripes.set(deps.db, entry);
    entry.ready.catch(() => localStripes.delete(deps.db));
    shared = entry;
  } else if (deps.onEvent && !shared.onEvent) {
    shared.onEvent = deps.onEvent;
  }
  await shared.ready;
  return shared.local;
}

/**
 * The one place that chooses how payments reach Stripe (ARCHITECTURE rule 5): with
 * STRIPE_SECRET_KEY, Stripe itself; otherwise the local Stripe (packages/local-stripe) in this
 * process, on this database and Clock, reached by the same adapter through the SDK's fetch hook.
 * Its tables are created here when missing. `onEvent` receives the local Stripe's events after
 * they commit (their delivery to our webhook endpoint); Stripe itself delivers its own.
 */
export async function createPayments(
  config: Pick<Config, 'payments' | 'PUBLIC_URL'>,
  deps: { db: Db; clock: Clock; onEvent?: OnLocalEvent },
): Promise<PaymentsIntegration> {
  const { secretKey, publishableKey } = config.payments;
  if (config.payments.provider === 'stripe') return { port: new StripePayments({ secretKey, publishableKey }), local: null };
  const local = await sharedLocalStripe(config, deps);
  return { port: new StripePayments({ secretKey, publishableKey, fetch: local.fetch }), local };
}
