import { createLocalStripe, type LocalStripe } from '@instainstru/local-stripe';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { PaymentError, type PaymentFailureKind } from './payment-error.ts';
import type { PaymentsPort } from './payments.port.ts';
import { StripePayments, stripeEventReader } from './stripe-payments.adapter.ts';

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
      expect(await payments.isSavedCard(customerId, mine)).toBe(true);
      expect(await payments.isSavedCard(stranger, mine)).toBe(false);
      expect(await payments.isSavedCard(customerId, 'pm_does_not_exist')).toBe(false);
      await payments.removeCard(customerId, mine);
      expect(await payments.isSavedCard(customerId, mine)).toBe(false);
    });

    it('authorizes off session with a saved card, once per key, and captures part of it, releasing the rest', async () => {
      const card = await savedCard('pm_card_visa');
      const idempotencyKey = key('authorize');
      const held = await authorize(card, 11_200, { idempotencyKey });
      expect(held).toMatchObject({ state: 'authorized', amountCents: 11_200, capturableCents: 11_200, capturedCents: 0, clientSecret: null, transferId: null, providerFeeCents: null, applicationFeeId: null });
      expect(held.id).toMatch(/^pi_/);
      expect(held.captureBeforeMs).toBeGreaterThan(0);
      expect((await authorize(card, 11_200, { idempotencyKey })).id).toBe(held.id);

      const captureKey = key('capture');
      const captured = await payments.capture({ paymentId: held.id, amountCents: 9_000, applicationFeeCents: 1_800, idempotencyKey: captureKey });
      expect(captured).toMatchObject({ state: 'captured', capturedCents: 9_000, capturableCents: 0 });
      expect(captured.transferId).toMatch(/^tr_/);
      // What the provider reports for the charge: its id, its own fee (2.9% + 30¢ of $90 at Stripe's US pricing), the platform's application fee.
      expect(captured).toMatchObject({ chargeId: expect.stringMatching(/^ch_/), providerFeeCents: 291, applicationFeeId: expect.stringMatching(/^fee_/) });
      expect(await payments.payment(held.id)).toMatchObject({ chargeId: captured.chargeId, providerFeeCents: 291, applicationFeeId: captured.applicationFeeId });
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
      // What it took back, each a balance transaction of its own, named for reconciliation.
      expect(refund).toMatchObject({ amountCents: 4_000, state: 'succeeded', transferReversalId: expect.stringMatching(/^trr_/), applicationFeeRefundId: expect.stringMatching(/^fr_/) });
      expect(await payments.refund({ paymentId: held.id, amountCents: 4_000, reverseTransfer: true, refundApplicationFee: true, idempotencyKey: refundKey })).toEqual(refund);
      expect((await payments.payment(held.id)).refundedCents).toBe(4_000);
      const rest = await payments.refund({ paymentId: held.id, reverseTransfer: true, refundApplicationFee: true, idempotencyKey: key('refund') });
      expect(rest).toMatchObject({ amountCents: 6_000, transferReversalId: expect.stringMatching(/^trr_/) });
      expect(rest.transferReversalId).not.toBe(refund.transferReversalId);
      await expectFailure(payments.refund({ paymentId: held.id, amountCents: 1, reverseTransfer: true, refundApplicationFee: true, idempotencyKey: key('refund') }), 'invalid');
    });

    it('transfers to an instructor and takes part of it back', async () => {
      const transfer = await payments.transfer({ destinationAccountId: account, amountCents: 500, description: 'tip', idempotencyKey: key('transfer') });
      expect(transfer).toMatchObject({ amountCents: 500, reversedCents: 0, destinationAccountId: account });
      const reversed = await payments.reverseTransfer({ transferId: transfer.id, amountCents: 200, idempotencyKey: key('reversal') });
      expect(reversed).toMatchObject({ id: transfer.id, reversedCents: 200 });
    });

    it('collects from an instructor\'s account to the platform, once per key, never above the available balance', async () => {
      // An account of its own: the other tests' refunds took reversals from `account`'s available balance while their transfers are still pending.
      const account = await provider.connectedAccount();
      await payments.transfer({ destinationAccountId: account, amountCents: 500, description: 'funds to collect from', idempotencyKey: key('transfer') });
      const collectKey = key('collect');
      const collected = await payments.collectFromAccount({ accountId: account, amountCents: 200, description: 'Instant payout fee', idempotencyKey: collectKey });
      expect(collected).toMatchObject({ transferId: expect.stringMatching(/^tr_/), platformPaymentId: expect.stringMatching(/^py_/), amountCents: 200 });
      const again = await payments.collectFromAccount({ accountId: account, amountCents: 200, description: 'Instant payout fee', idempotencyKey: collectKey });
      expect(again.transferId).toBe(collected.transferId);
      const above = await expectFailure(payments.collectFromAccount({ accountId: account, amountCents: 100_000_000, description: 'too much', idempotencyKey: key('collect') }), 'invalid');
      expect(above.details.code).toBe('balance_insufficient');
    });

    it('creates a payout account once per key, not yet paying out, with an onboarding link', async () => {
      const idempotencyKey = key('payout-account');
      const first = await payments.createPayoutAccount({ userId: 'user_payouts', email: 'payouts@example.test', idempotencyKey });
      const again = await payments.createPayoutAccount({ userId: 'user_payouts', email: 'payouts@example.test', idempotencyKey });
      expect(first.accountId).toMatch(/^acct_/);
      expect(again.accountId).toBe(first.accountId);
      const state = await payments.payoutAccount(first.accountId);
      expect(state).toMatchObject({ id: first.accountId, chargesEnabled: false, payoutsEnabled: false, detailsSubmitted: false });
      expect(state.currentlyDue.length).toBeGreaterThan(0);
      const link = await payments.payoutOnboardingLink({ accountId: first.accountId, returnUrl: 'http://localhost/return', refreshUrl: 'http://localhost/refresh' });
      expect(link.url).toMatch(/^https?:\/\//);
      expect(link.expiresAtMs).toBeGreaterThan(Date.parse('2020-01-01'));
    });

    it('starts an identity verification with a hosted page, and reads it back', async () => {
      const started = await payments.startIdentityVerification({ userId: 'user_identity', returnUrl: 'http://localhost/return', idempotencyKey: key('identity') });
      expect(started).toMatchObject({ id: expect.stringMatching(/^vs_/), state: 'requires_input', lastErrorCode: null, userId: 'user_identity' });
      expect(started.url).toMatch(/^https?:\/\//);
      expect(await payments.identityVerification(started.id)).toMatchObject({ id: started.id, state: 'requires_input', userId: 'user_identity' });
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

  it('expires after 4 days 18 h when Visa and off session (7 days for other holds), and then cannot be captured', async () => {
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
    const visaMerchantInitiatedMs = 4 * DAY_MS + 18 * 60 * 60_000;
    expect(held.captureBeforeMs).toBe(clock.nowMs() + visaMerchantInitiatedMs);
    clock.advance(visaMerchantInitiatedMs - 1_000);
    expect(await stripe.expireAuthorizations()).toBe(0);
    clock.advance(2_000);
    expect(await stripe.expireAuthorizations()).toBe(1);
    expect((await payments.payment(held.id)).state).toBe('canceled');
    await expectFailure(payments.capture({ paymentId: held.id, idempotencyKey: key('capture') }), 'expired');
  });
});

// Onboarding, payouts and identity outcomes need the local hosted pages and clock: local Stripe only.
describe('payments port: payout accounts, payouts and identity (local Stripe)', () => {
  let database: Database;
  let stripe: LocalStripe;
  let payments: StripePayments;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');

  beforeAll(async () => {
    database = await openTestDatabase();
    stripe = createLocalStripe({ db: database.db, clock });
    await stripe.ensureSchema();
    payments = new StripePayments({ ...LOCAL_KEYS, fetch: stripe.fetch });
  });
  afterAll(() => database?.close());

  const newAccount = async () => (await payments.createPayoutAccount({ userId: 'u', email: 'u@example.test', idempotencyKey: key('payout-account') })).accountId;

  it('reads an onboarded account as enabled, and one with requirements due as such', async () => {
    const done = await newAccount();
    await stripe.finishOnboarding(done, 'complete');
    expect(await payments.payoutAccount(done)).toEqual({
      id: done, chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true, currentlyDue: [], pastDue: [], pendingVerification: [], disabledReason: null,
    });
    const due = await newAccount();
    await stripe.finishOnboarding(due, 'requirements_due');
    expect(await payments.payoutAccount(due)).toMatchObject({
      payoutsEnabled: false, detailsSubmitted: true, pastDue: ['individual.verification.document', 'external_account'], disabledReason: 'requirements.past_due',
    });
    const pending = await newAccount();
    await stripe.finishOnboarding(pending, 'pending_verification');
    expect((await payments.payoutAccount(pending)).pendingVerification).toEqual(['individual.id_number', 'individual.verification.document']);
  });

  it('shows the balance, pays out instantly once per key, lists payouts newest first, and follows them to paid', async () => {
    const account = await newAccount();
    await stripe.finishOnboarding(account, 'complete');
    expect(await payments.payoutBalance(account)).toEqual({ availableCents: 0, pendingCents: 0, instantAvailableCents: 0 });
    await payments.transfer({ destinationAccountId: account, amountCents: 10_000, idempotencyKey: key('transfer') });
    expect(await payments.payoutBalance(account)).toEqual({ availableCents: 10_000, pendingCents: 0, instantAvailableCents: 10_000 });

    const idempotencyKey = key('instant');
    const payout = await payments.instantPayout({ accountId: account, amountCents: 4_000, metadata: { feeCents: '80' }, idempotencyKey });
    expect(payout).toMatchObject({ id: expect.stringMatching(/^po_/), amountCents: 4_000, method: 'instant', state: 'pending', failureCode: null, metadata: { feeCents: '80' } });
    expect(payout.arrivalMs).toBe(clock.nowMs() + 30 * 60_000);
    expect((await payments.instantPayout({ accountId: account, amountCents: 4_000, metadata: { feeCents: '80' }, idempotencyKey })).id).toBe(payout.id);
    expect((await payments.payoutBalance(account)).availableCents).toBe(6_000);

    const second = await payments.instantPayout({ accountId: account, amountCents: 1_000, idempotencyKey: key('instant') });
    expect((await payments.listPayouts(account)).map((p) => p.id)).toEqual([second.id, payout.id]);
    await stripe.advancePayouts();
    clock.advance(31 * 60_000);
    await stripe.advancePayouts();
    expect((await payments.listPayouts(account)).map((p) => p.state)).toEqual(['paid', 'paid']);
  });

  it('collecting from an account lowers its balance and raises the platform\'s by the same amount', async () => {
    const account = await newAccount();
    await stripe.finishOnboarding(account, 'complete');
    await payments.transfer({ destinationAccountId: account, amountCents: 1_000, idempotencyKey: key('transfer') });
    const sdk = new Stripe(LOCAL_KEYS.secretKey, { httpClient: Stripe.createFetchHttpClient(stripe.fetch) });
    const platformBefore = (await sdk.balance.retrieve()).available[0]!.amount;
    await payments.collectFromAccount({ accountId: account, amountCents: 20, description: 'Instant payout fee', idempotencyKey: key('collect') });
    expect(await payments.payoutBalance(account)).toMatchObject({ availableCents: 980, instantAvailableCents: 980 });
    expect((await sdk.balance.retrieve()).available[0]!.amount).toBe(platformBefore + 20);
  });

  it('refuses a payout above the available balance, and from an account not onboarded', async () => {
    const account = await newAccount();
    await stripe.finishOnboarding(account, 'complete');
    await payments.transfer({ destinationAccountId: account, amountCents: 500, idempotencyKey: key('transfer') });
    const above = await expectFailure(payments.instantPayout({ accountId: account, amountCents: 501, idempotencyKey: key('instant') }), 'invalid');
    expect(above.details.code).toBe('balance_insufficient');
    const fresh = await newAccount();
    expect((await expectFailure(payments.instantPayout({ accountId: fresh, amountCents: 100, idempotencyKey: key('instant') }), 'invalid')).details.code).toBe('payouts_not_allowed');
  });

  it('reads identity checks that pass, and ones that fail with their code', async () => {
    const passing = await payments.startIdentityVerification({ userId: 'u1', returnUrl: 'http://localhost/r', idempotencyKey: key('identity') });
    await stripe.submitIdentityVerification(passing.id, { verified: true });
    expect(await payments.identityVerification(passing.id)).toMatchObject({ state: 'verified', lastErrorCode: null, userId: 'u1' });
    const failing = await payments.startIdentityVerification({ userId: 'u2', returnUrl: 'http://localhost/r', idempotencyKey: key('identity') });
    await stripe.submitIdentityVerification(failing.id, { verified: false, errorCode: 'document_expired' });
    expect(await payments.identityVerification(failing.id)).toMatchObject({ state: 'requires_input', lastErrorCode: 'document_expired' });
  });

  it('reads the same objects from event snapshots, and nothing from other kinds', async () => {
    const events = (await stripe.listEvents({ limit: 500 })).map((event) => JSON.parse(event.json) as { type: string; data: { object: Record<string, unknown> } });
    const objectOf = (type: string) => events.find((event) => event.type === type)!.data.object;
    expect(stripeEventReader.payoutAccount(objectOf('account.updated'))).toMatchObject({ id: expect.stringMatching(/^acct_/) });
    expect(stripeEventReader.payout(objectOf('payout.paid'))).toMatchObject({ state: 'paid', method: 'instant' });
    expect(stripeEventReader.identityVerification(objectOf('identity.verification_session.verified'))).toMatchObject({ state: 'verified', userId: 'u1' });
    expect(stripeEventReader.payoutAccount(objectOf('payout.paid'))).toBeNull();
    expect(stripeEventReader.payout({ object: 'account', id: 'acct_1' })).toBeNull();
    expect(stripeEventReader.identityVerification({ object: 'payout', id: 'po_1' })).toBeNull();
  });
});
