import { createLocalStripe, type LocalStripe } from '@instainstru/local-stripe';
import Stripe from 'stripe';
import { aPublishedInstructor, aStudent } from '../../../../../test/support/builders.ts';
import type { PaymentsPort } from '../../integrations/payments/payments.port.ts';
import { StripePayments } from '../../integrations/payments/stripe-payments.adapter.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';

/** A student with a customer at the local Stripe and a card saved there (`card` is its `pm_…`). */
export interface PayingStudent {
  id: string;
  card: string;
}

export interface LocalStripeBookings {
  stripe: LocalStripe;
  /** The Stripe SDK on the local Stripe, as the dashboard or a browser would use it. */
  sdk: Stripe;
  /** The application's Stripe adapter on the local Stripe. */
  real: PaymentsPort;
  /** A published instructor (the default online piano, 60 minutes for $80). */
  instructorId: string;
  /** The instructor's payout account, created at the local Stripe and onboarded. */
  accountId: string;
  /** The piano service. */
  serviceId: string;
  /** A student whose card is the local Stripe's test card `card` (`pm_card_visa`, `pm_card_chargeCustomerFail`…). */
  aPayingStudent(card: string): Promise<PayingStudent>;
}

/**
 * The bookings' money tests on a test database: the local Stripe in it (its schema ensured),
 * the real adapter and the SDK talking to it with `keys`, and a published instructor whose
 * payout account exists there, onboarded.
 */
export async function openLocalStripeBookings(options: {
  database: Database;
  clock: Clock;
  ids: IdGenerator;
  keys: { secretKey: string; publishableKey: string };
}): Promise<LocalStripeBookings> {
  const { database, clock, ids, keys } = options;
  const t = { database, ids, clock };
  const stripe = createLocalStripe({ db: database.db, clock });
  await stripe.ensureSchema();
  const real: PaymentsPort = new StripePayments({ ...keys, fetch: stripe.fetch });
  const sdk = new Stripe(keys.secretKey, { httpClient: Stripe.createFetchHttpClient(stripe.fetch), maxNetworkRetries: 0 });
  const instructorId = (await aPublishedInstructor(t)).id;
  const account = await sdk.accounts.create({ type: 'express', email: 'teacher@example.test', country: 'US' });
  await stripe.finishOnboarding(account.id, 'complete');
  const accountId = account.id;
  await database.db.updateTable('payoutAccounts').set({ accountId }).where('userId', '=', instructorId).execute();
  const serviceId = (await database.db.selectFrom('services').select('id').where('slug', '=', 'piano').executeTakeFirstOrThrow()).id;

  async function aPayingStudent(card: string): Promise<PayingStudent> {
    const student = await aStudent(t);
    const { customerId } = await real.createCustomer({ userId: student.id, email: student.email, name: student.name, idempotencyKey: `customer:${student.id}` });
    await database.db.insertInto('paymentCustomers').values({ userId: student.id, customerId, createdAt: clock.now() }).execute();
    const setup = await real.startCardSetup({ customerId, idempotencyKey: `setup:${student.id}` });
    await sdk.setupIntents.confirm(setup.setupIntentId, { payment_method: card });
    return { id: student.id, card: (await real.cardSetup(setup.setupIntentId)).paymentMethodId! };
  }

  return { stripe, sdk, real, instructorId, accountId, serviceId, aPayingStudent };
}
