import { createLocalStripe, type LocalStripe } from '@instainstru/local-stripe';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { PaymentError, type PaymentFailureKind } from './payment-error.ts';
import type { PaymentsPort } from './payments.port.ts';
import { StripePayments } from './stripe-payments.adapter.ts';

const DAY_MS = 86_400_000;
const LOCAL_KEYS = { secretKey: 'sk_test_contract', publishableKey: 'pk_test_contract' };

/** What a contract run needs beyond the port: the provider's own SDK (to stand in for the browser) and a connected account. */
interface Provider {
  payments: PaymentsPort;
  sdk: Stripe;
  /** An Express account able to receive transfers. */
  connectedAccount(): Promise<string>;
  /** Local only: the 3-D Secure page, the clock. */
  local?: { stripe: LocalStripe; clock: ControllableClock };
}

async function failureOf(promise: Promise<unknown>): Promise<PaymentError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a PaymentError');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PaymentError);
  return error as PaymentError;
}

const expectFailure = async (promise: Promise<unknown>, kind: PaymentFailureKind) => {
  const error = await failureOf(promise);
  expect(error.kind).toBe(kind);
  return error;
};

let keys = 0;
const key = (step: string) => `contract:${step}:${++keys}`;

/**
 * The payments port's contract (issue 10 item 7): the same suite against the local Stripe
 * always, and against Stripe's test mode when STRIPE_TEST_SECRET_KEY (sk_test_…) and
 * STRIPE_TEST_CONNECTED_ACCOUNT (an onboarded acct_… of that platform) are set.
 */
function paymentsContract(name: string, open: () => Promise<Provider & { close(): Promise<void> }>) {
  describe(`payments port contract: ${name}`, () => {
    let provider: Provider & { close(): Promise<void> };
    let payments: PaymentsPort;
    let customerId: string;
    let account: string;

    /** A card saved the way the browser saves it: a setup the customer confirms (test-mode shortcuts stand in for typed numbers). */
    async function savedCard(card: string, customer = customerId): Promise<string> {
      const setup = await payments.startCardSetup({ customerId: customer, idempotencyKey: key('setup') });
      const confirmed = await provider.sdk.setupIntents.confirm(setup.setupIntentId, { payment_method: card, return_url: 'http://localhost/return' });
      if (confirmed.status === 'requires_action' && provider.local) await provider.local.stripe.completeThreeDSecure(setup.setupIntentId, 'succeed');
      const state = await payments.cardSetup(setup.setupIntentId);
      expect(state.state).toBe('succeeded');
      return state.paymentMethodId!;
    }

    const authorize = (paymentMethodId: string, amountCents = 11_200, extra: { offSession?: boolean; idempotencyKey?: string } = {}) =>
      payments.authorize({
        customerId,
        paymentMethodId,
        amountCents,
        destinationAccountId: account,
        applicationFeeCents: Math.round(amountCents * 0.2),
        offSession: extra.offSession ?? true,
        metadata: { bookingId: 'contract' },
        idempotencyKey: extra.idempotencyKey ?? key('authorize'),
      });

    beforeAll(async () => {
      provider = await open();
      payments = provider.payments;
      customerId = (await payments.createCustomer({ userId: 'user-1', email: 'ada@example.test', name: 'Ada', idempotencyKey: key('customer') })).customerId;
      account = await provider.connectedAccount();
    });
    afterAll(() => provider?.close());

    it('creates a customer once per idempotency key', async () => {
      const idempotencyKey = key('customer');
      const first = await payments.createCustomer({ userId: 'user-2', email: 'bo@example.test', name: 'Bo', idempotencyKey });
      const again = await payments.createCustomer({ userId: 'user-2', email: 'bo@example.test', name: 'Bo', idempotencyKey });
      expect(first.customerId).toMatch(/^cus_/);
      expect(again.customerId).toBe(first.customerId);
    });

    it('saves cards, lists them with the default first, changes the default and removes one', async () => {
      const customer = (await payments.createCustomer({ userId: 'user-3', email: 'cy@example.test', name: 'Cy', idempotencyKey: key('customer') })).customerId;
      const visa = await savedCard('pm_card_visa', customer);
      const other = await savedCard('pm_card_mastercard', customer).catch(() => savedCard('pm_card_visa', customer));
      await payments.setDefaultCard(customer, visa);
      const cards = await payments.listCards(customer);
      expect(cards[0]).toMatchObject({ id: visa, brand: 'visa', last4: '4242', isDefault: true, expMonth: expect.any(Number), expYear: expect.any(Number) });
      expect(cards.map((card) => card.id).sort()).toEqual([visa, other].sort());
      await payments.setDefaultCard(customer, other);
      expect((await payments.listCards(customer))[0]).toMatchObject({ id: other, isDefault: true });
      await payments.removeCard(customer, visa);
      expect((await payments.listCards(customer)).map((card) => card.id)).toEqual([other]);
    });

    it("refuses to touch another customer's card", async () => {
      const mine = await savedCard('pm_card_visa');
      const stranger = (await payments.createCustomer({ userId: 'user-4', email: 'di@example.test', name: 'Di', idempotencyKey: key('customer') })).customerId;
      await expectFailure(payments.removeCard(stranger, mine), 'invalid');
      await expectFailure(payments.setDefaultCard(stranger, mine), 'invalid');
      expect((await payments.listCards(customerId)).map((card) => card.id)).toContain(mine);
    });

    it('authorizes off session with a saved card, once per key, and captures part of it, releasing the rest', async () => {
      const card = await savedCard('pm_card_visa');
      const idempotencyKey = key('authorize');
      const held = await authorize(card, 11_200, { idempotencyKey });
      expect(held).toMatchObject({ state: 'authorized', amountCents: 11_200, capturableCents: 11_200, capturedCents: 0, clientSecret: null, transferId: null });
      expect(held.id).toMatch(/^pi_/);
      expect(held.captureBeforeMs).toBeGreaterThan(0);
      expect((await authorize(card, 11_200, { idempotencyKey })).id).toBe(held.id);

      const captureKey = key('capture');
      const captured = await payments.capture({ paymentId: held.id, amountCents: 9_000, applicationFeeCents: 1_800, idempotencyKey: captureKey });
      expect(captured).toMatchObject({ state: 'captured', capturedCents: 9_000, capturableCents: 0 });
      expect(captured.transferId).toMatch(/^tr_/);
      // A retried capture (same key) is the same capture, not a second one.
      expect(await payments.capture({ paymentId: held.id, amountCents: 9_000, applicationFeeCents: 1_800, idempotencyKey: captureKey })).toMatchObject({ capturedCents: 9_000 });
      await expectFailure(payments.capture({ paymentId: held.id, idempotencyKey: key('capture') }), 'invalid');
    });

    it('never captures more than was authorized', async () => {
      const held = await authorize(await savedCard('pm_card_visa'), 5_000);
      await expectFailure(payments.capture({ paymentId: held.id, amountCents: 5_001, idempotencyKey: key('capture') }), 'invalid');
      expect((await payments.payment(held.id)).state).toBe('authorized');
    });

    it('releases an authorization, after which nothing can be captured', async () => {
      const held = await authorize(await savedCard('pm_card_visa'));
      const released = await payments.cancelAuthorization({ paymentId: held.id, idempotencyKey: key('cancel') });
      expect(released.state).toBe('canceled');
      await expectFailure(payments.capture({ paymentId: held.id, idempotencyKey: key('capture') }), 'invalid');
    });

    it('reports a card that attaches but is declined when charged, with the decline code and the payment', async () => {
      const card = await savedCard('pm_card_chargeCustomerFail');
      const error = await expectFailure(authorize(card), 'declined');
      expect(error.details.code).toBe('card_declined');
      expect(error.details.paymentId).toMatch(/^pi_/);
      expect(error.retryable).toBe(false);
    });

    it('asks for 3-D Secure: off session it fails as authentication_required, on session it waits for the customer', async () => {
      const card = await savedCard('pm_card_authenticationRequired');
      const error = await expectFailure(authorize(card), 'authentication_required');
      expect(error.details.paymentId).toMatch(/^pi_/);
      const present = await authorize(card, 11_200, { offSession: false });
      expect(present.state).toBe('requires_action');
      expect(present.clientSecret).toMatch(/_secret_/);
    });

    it('refunds part of a capture, reversing the transfer in proportion, then the rest', async () => {
      const held = await authorize(await savedCard('pm_card_visa'), 10_000);
      await payments.capture({ paymentId: held.id, idempotencyKey: key('capture') });
      const refundKey = key('refund');
      const refund = await payments.refund({ paymentId: held.id, amountCents: 4_000, reverseTransfer: true, refundApplicationFee: true, idempotencyKey: refundKey });
      expect(refund).toMatchObject({ amountCents: 4_000, state: 'succeeded' });
      expect((await payments.refund({ paymentId: held.id, amountCents: 4_000, reverseTransfer: true, refundApplicationFee: true, idempotencyKey: refundKey })).id).toBe(refund.id);
      expect((await payments.payment(held.id)).refundedCents).toBe(4_000);
      const rest = await payments.refund({ paymentId: held.id, reverseTransfer: true, refundApplicationFee: true, idempotencyKey: key('refund') });
      expect(rest.amountCents).toBe(6_000);
      await expectFailure(payments.refund({ paymentId: held.id, amountCents: 1, reverseTransfer: true, refundApplicationFee: true, idempotencyKey: key('refund') }), 'invalid');
    });

    it('transfers to an instructor and takes part of it back', async () => {
      const transfer = await payments.transfer({ destinationAccountId: account, amountCents: 500, description: 'tip', idempotencyKey: key('transfer') });
      expect(transfer).toMatchObject({ amountCents: 500, reversedCents: 0, destinationAccountId: account });
      const reversed = await payments.reverseTransfer({ transferId: transfer.id, amountCents: 200, idempotencyKey: key('reversal') });
      expect(reversed).toMatchObject({ id: transfer.id, reversedCents: 200 });
    });

    it('refuses a key used again with other parameters', async () => {
      const idempotencyKey = key('customer');
      await payments.createCustomer({ userId: 'user-5', email: 'ed@example.test', name: 'Ed', idempotencyKey });
      await expectFailure(payments.createCustomer({ userId: 'user-5', email: 'other@example.test', name: 'Ed', idempotencyKey }), 'invalid');
    });
  });
}

paymentsContract('local Stripe', async () => {
  const database: Database = await openTestDatabase();
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const stripe = createLocalStripe({ db: database.db, clock, publicBaseUrl: 'http://localhost:3000' });
  await stripe.ensureSchema();
  const payments = new StripePayments({ ...LOCAL_KEYS, fetch: stripe.fetch });
  const sdk = new Stripe(LOCAL_KEYS.secretKey, { httpClient: Stripe.createFetchHttpClient(stripe.fetch), maxNetworkRetries: 0 });
  return {
    payments,
    sdk,
    local: { stripe, clock },
    async connectedAccount() {
      const account = await sdk.accounts.create({ type: 'express', email: 'instructor@example.test', country: 'US' });
      await stripe.finishOnboarding(account.id, 'complete');
      return account.id;
    },
    close: () => database.close(),
  };
});

const realKey = process.env.STRIPE_TEST_SECRET_KEY;
const realAccount = process.env.STRIPE_TEST_CONNECTED_ACCOUNT;
if (realKey?.startsWith('sk_test_') && realAccount) {
  paymentsContract("Stripe's test mode", async () => {
    const payments = new StripePayments({ secretKey: realKey, publishableKey: process.env.STRIPE_TEST_PUBLISHABLE_KEY ?? 'pk_test_unused' });
    return { payments, sdk: new Stripe(realKey), connectedAccount: async () => realAccount, close: async () => {} };
  });
} else {
  describe("payments port contract: Stripe's test mode", () => {
    it.skip('needs STRIPE_TEST_SECRET_KEY (sk_test_…) and STRIPE_TEST_CONNECTED_ACCOUNT (acct_…): not set, so only the local Stripe was checked', () => {});
  });
}

describe('payments adapter when the provider cannot be reached', () => {
  it('reports unavailable (retryable) on a connection failure and on a 5xx', async () => {
    const refused = new StripePayments({ ...LOCAL_KEYS, fetch: (async () => Promise.reject(new TypeError('fetch failed'))) as typeof fetch });
    const down = new StripePayments({
      ...LOCAL_KEYS,
      fetch: (async () => new Response(JSON.stringify({ error: { type: 'api_error', message: 'Something went wrong' } }), { status: 500, headers: { 'content-type': 'application/json' } })) as typeof fetch,
    });
    for (const payments of [refused, down]) {
      const error = await expectFailure(payments.payment('pi_123'), 'unavailable');
      expect(error.retryable).toBe(true);
    }
  });
});

// The authorization window (7 days) follows the local Stripe's clock.
describe('payments port: an authorization not captured in time (local Stripe)', () => {
  let database: Database;
  afterAll(() => database?.close());

  it('expires after 7 days and then cannot be captured', async () => {
    database = await openTestDatabase();
    const clock = new ControllableClock('2026-11-23T15:00:00Z');
    const stripe = createLocalStripe({ db: database.db, clock });
    await stripe.ensureSchema();
    const payments = new StripePayments({ ...LOCAL_KEYS, fetch: stripe.fetch });
    const sdk = new Stripe(LOCAL_KEYS.secretKey, { httpClient: Stripe.createFetchHttpClient(stripe.fetch), maxNetworkRetries: 0 });
    const account = await sdk.accounts.create({ type: 'express', country: 'US' });
    await stripe.finishOnboarding(account.id, 'complete');
    const { customerId } = await payments.createCustomer({ userId: 'u', email: 'u@example.test', name: 'U', idempotencyKey: key('customer') });
    const setup = await payments.startCardSetup({ customerId, idempotencyKey: key('setup') });
    await sdk.setupIntents.confirm(setup.setupIntentId, { payment_method: 'pm_card_visa' });
    const card = (await payments.cardSetup(setup.setupIntentId)).paymentMethodId!;
    const held = await payments.authorize({ customerId, paymentMethodId: card, amountCents: 5_000, destinationAccountId: account.id, applicationFeeCents: 1_000, offSession: true, idempotencyKey: key('authorize') });
    expect(held.captureBeforeMs).toBe(clock.nowMs() + 7 * DAY_MS);
    clock.advance(7 * DAY_MS + 1_000);
    expect(await stripe.expireAuthorizations()).toBe(1);
    expect((await payments.payment(held.id)).state).toBe('canceled');
    await expectFailure(payments.capture({ paymentId: held.id, idempotencyKey: key('capture') }), 'expired');
  });
});
