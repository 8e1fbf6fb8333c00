/**
 * Payments adapter round trips (issue 10, Benchmark; `npm run bench -w apps/server -- payments`
 * alone): the production adapter (StripePayments, the official SDK) against the local Stripe
 * through the SDK's fetch hook, as in development and every test — authorize (off session,
 * manual capture, destination charge) and capture, median and p99 of 200 each, on embedded
 * PGlite and, when DATABASE_URL is set, on a scratch PostgreSQL database (dropped afterwards).
 * What it measures is the SDK's encoding, the local Stripe's state machine and its tables: a
 * real Stripe round trip adds the network (hundreds of ms).
 */
import { createLocalStripe } from '@instainstru/local-stripe';
import Stripe from 'stripe';
import { scratchDatabase } from './http.ts';
import { StripePayments } from '../src/integrations/payments/stripe-payments.adapter.ts';
import { ControllableClock } from '../src/platform/clock.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';

const ROUNDS = 200;
const KEYS = { secretKey: 'sk_test_bench', publishableKey: 'pk_test_bench' };

const percentile = (samples: number[], p: number) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(samples.length * p))]!;

async function benchOn(label: string, database: Database): Promise<void> {
  await migrate(database.db);
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const local = createLocalStripe({ db: database.db, clock });
  await local.ensureSchema();
  const payments = new StripePayments({ ...KEYS, fetch: local.fetch });
  const sdk = new Stripe(KEYS.secretKey, { httpClient: Stripe.createFetchHttpClient(local.fetch), maxNetworkRetries: 0 });
  const account = await sdk.accounts.create({ type: 'express', country: 'US' });
  await local.finishOnboarding(account.id, 'complete');
  const { customerId } = await payments.createCustomer({ userId: 'bench', email: 'bench@example.test', name: 'Bench', idempotencyKey: 'bench:customer' });
  const setup = await payments.startCardSetup({ customerId, idempotencyKey: 'bench:setup' });
  await sdk.setupIntents.confirm(setup.setupIntentId, { payment_method: 'pm_card_visa' });
  const card = (await payments.cardSetup(setup.setupIntentId)).paymentMethodId!;

  const authorize: number[] = [];
  const capture: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let started = performance.now();
    const held = await payments.authorize({
      customerId,
      paymentMethodId: card,
      amountCents: 11_200,
      destinationAccountId: account.id,
      applicationFeeCents: 2_800,
      offSession: true,
      idempotencyKey: `bench:${round}:authorize:1`,
    });
    authorize.push(performance.now() - started);
    started = performance.now();
    await payments.capture({ paymentId: held.id, idempotencyKey: `bench:${round}:capture:1` });
    capture.push(performance.now() - started);
  }
  for (const [name, samples] of [
    ['authorize', authorize],
    ['capture', capture],
  ] as const) {
    console.log(
      `${`payments adapter → local Stripe: ${name} (${label})`.padEnd(60)} median ${percentile(samples, 0.5).toFixed(2).padStart(6)} ms   p99 ${percentile(samples, 0.99).toFixed(2).padStart(6)} ms   (${ROUNDS} round trips)`,
    );
  }
}

export async function benchPayments(): Promise<void> {
  const embedded = await openDatabase({ kind: 'pglite' });
  try {
    await benchOn('PGlite', embedded);
  } finally {
    await embedded.close();
  }
  if (!process.env.DATABASE_URL) return;
  const scratch = await scratchDatabase();
  try {
    const postgres = await openDatabase({ kind: 'postgres', url: scratch.url!, poolMax: 4 });
    try {
      await benchOn('PostgreSQL', postgres);
    } finally {
      await postgres.close();
    }
  } finally {
    await scratch.drop();
  }
}
