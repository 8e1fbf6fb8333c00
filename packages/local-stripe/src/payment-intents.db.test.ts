import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventTypes, useHarness, type Harness } from './testing/harness.ts';

const holder = useHarness({ beforeAll, beforeEach, afterAll });
let h: Harness;
beforeEach(() => {
  h = holder.current;
});

const DAY = 24 * 3600;

function manual(extra: Partial<Stripe.PaymentIntentCreateParams> = {}): Stripe.PaymentIntentCreateParams {
  return { amount: 10000, currency: 'usd', capture_method: 'manual', ...extra };
}

async function charge(intent: Stripe.PaymentIntent): Promise<Stripe.Charge> {
  return h.stripe.charges.retrieve(intent.latest_charge as string);
}

/** The event types recorded since `mark` (an index into h.events). */
function typesSince(mark: number): string[] {
  return eventTypes(h).slice(mark);
}

describe('PaymentIntent transitions (integrations.md §1.1)', () => {
  it('create without a card → requires_payment_method; with one → requires_confirmation', async () => {
    const bare = await h.stripe.paymentIntents.create(manual());
    expect(bare).toMatchObject({ status: 'requires_payment_method', object: 'payment_intent', livemode: false, amount_capturable: 0 });
    expect(bare.id).toMatch(/^pi_/);
    expect(bare.client_secret).toMatch(new RegExp(`^${bare.id}_secret_`));
    const withCard = await h.stripe.paymentIntents.create(manual({ payment_method: 'pm_card_visa' }));
    expect(withCard.status).toBe('requires_confirmation');
    expect(eventTypes(h).filter((type) => type === 'payment_intent.created')).toHaveLength(2);
  });

  it('confirm (from requires_payment_method or requires_confirmation) → requires_capture with a held charge expiring in 7 days', async () => {
    const fromPaymentMethod = await h.stripe.paymentIntents.create(manual());
    const mark = h.events.length;
    const authorized = await h.stripe.paymentIntents.confirm(fromPaymentMethod.id, { payment_method: 'pm_card_visa' });
    expect(authorized).toMatchObject({ status: 'requires_capture', amount_capturable: 10000, amount_received: 0 });
    expect(typesSince(mark)).toEqual(['charge.succeeded', 'payment_intent.amount_capturable_updated']);
    const held = await charge(authorized);
    expect(held).toMatchObject({ captured: false, paid: true, status: 'succeeded', amount: 10000, amount_captured: 0, balance_transaction: null });
    expect(held.payment_method_details?.card?.capture_before).toBe(h.clock.seconds + 7 * DAY);

    const fromConfirmation = await h.stripe.paymentIntents.create(manual({ payment_method: 'pm_card_visa' }));
    expect((await h.stripe.paymentIntents.confirm(fromConfirmation.id)).status).toBe('requires_capture');
  });

  it('capture → succeeded with charge.captured; a second capture is an unexpected state', async () => {
    const intent = await h.stripe.paymentIntents.create(manual({ payment_method: 'pm_card_visa', confirm: true }));
    const mark = h.events.length;
    const captured = await h.stripe.paymentIntents.capture(intent.id);
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 10000, amount_capturable: 0 });
    expect(typesSince(mark)).toEqual(['charge.captured', 'payment_intent.succeeded']);
    expect(await charge(captured)).toMatchObject({ captured: true, amount_captured: 10000 });
    const error = await h.stripe.paymentIntents.capture(intent.id).catch((caught) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    expect(error.raw.payment_intent.status).toBe('succeeded');
  });

  it('automatic capture goes straight to succeeded', async () => {
    const intent = await h.stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    expect(intent).toMatchObject({ status: 'succeeded', capture_method: 'automatic_async', amount_received: 5000 });
    expect((await charge(intent)).captured).toBe(true);
  });

  it('partial capture takes part and releases the rest; never more than capturable', async () => {
    const intent = await h.stripe.paymentIntents.create(manual({ payment_method: 'pm_card_visa', confirm: true }));
    await expect(h.stripe.paymentIntents.capture(intent.id, { amount_to_capture: 10001 })).rejects.toMatchObject({
      statusCode: 400,
      param: 'amount_to_capture',
    });
    const captured = await h.stripe.paymentIntents.capture(intent.id, { amount_to_capture: 6000 });
    expect(captured).toMatchObject({ status: 'succeeded', amount: 10000, amount_received: 6000, amount_capturable: 0 });
    expect(await charge(captured)).toMatchObject({ amount: 10000, amount_captured: 6000, captured: true });
    await expect(h.stripe.paymentIntents.capture(intent.id, { amount_to_capture: 1000 })).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
  });

  for (const state of ['requires_payment_method', 'requires_confirmation', 'requires_action', 'requires_capture'] as const) {
    it(`cancel from ${state} → canceled`, async () => {
      const params =
        state === 'requires_payment_method'
          ? manual()
          : state === 'requires_confirmation'
            ? manual({ payment_method: 'pm_card_visa' })
            : state === 'requires_action'
              ? manual({ payment_method: 'pm_card_authenticationRequired', confirm: true })
              : manual({ payment_method: 'pm_card_visa', confirm: true });
      const intent = await h.stripe.paymentIntents.create(params);
      expect(intent.status).toBe(state);
      const canceled = await h.stripe.paymentIntents.cancel(intent.id, { cancellation_reason: 'requested_by_customer' });
      expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer', canceled_at: h.clock.seconds, amount_capturable: 0 });
      expect(eventTypes(h).at(-1)).toBe('payment_intent.canceled');
      if (state === 'requires_capture') {
        // The hold is released: Stripe shows the uncaptured charge as fully refunded.
        expect(await charge(canceled)).toMatchObject({ captured: false, refunded: true, amount_refunded: 10000 });
      }
    });
  }

  it('illegal moves answer 400 payment_intent_unexpected_state', async () => {
    const canceled = await h.stripe.paymentIntents.cancel((await h.stripe.paymentIntents.create(manual())).id);
    const succeeded = await h.stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const held = await h.stripe.paymentIntents.create(manual({ payment_method: 'pm_card_visa', confirm: true }));
    const waiting = await h.stripe.paymentIntents.create(manual());
    const moves: [string, () => Promise<unknown>][] = [
      ['confirm canceled', () => h.stripe.paymentIntents.confirm(canceled.id, { payment_method: 'pm_card_visa' })],
      ['confirm succeeded', () => h.stripe.paymentIntents.confirm(succeeded.id, { payment_method: 'pm_card_visa' })],
      ['confirm requires_capture', () => h.stripe.paymentIntents.confirm(held.id, { payment_method: 'pm_card_visa' })],
      ['capture canceled', () => h.stripe.paymentIntents.capture(canceled.id)],
      ['capture requires_payment_method', () => h.stripe.paymentIntents.capture(waiting.id)],
      ['capture succeeded', () => h.stripe.paymentIntents.capture(succeeded.id)],
      ['cancel canceled', () => h.stripe.paymentIntents.cancel(canceled.id)],
      ['cancel succeeded', () => h.stripe.paymentIntents.cancel(succeeded.id)],
    ];
    for (const [label, move] of moves) {
      const error = await move().then(
        () => undefined,
        (caught) => caught,
      );
      expect(error, label).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state', type: 'StripeInvalidRequestError' });
    }
  });

  it('cancel accepts only the four user reasons', async () => {
    const intent = await h.stripe.paymentIntents.create(manual());
    for (const reason of ['automatic', 'expired', 'failed_invoice']) {
      await expect(h.stripe.paymentIntents.cancel(intent.id, { cancellation_reason: reason as never })).rejects.toMatchObject({
        statusCode: 400,
        param: 'cancellation_reason',
      });
    }
    for (const reason of ['duplicate', 'fraudulent', 'abandoned'] as const) {
      const other = await h.stripe.paymentIntents.create(manual());
      expect((await h.stripe.paymentIntents.cancel(other.id, { cancellation_reason: reason })).cancellation_reason).toBe(reason);
    }
  });

  it('a declined card goes back to requires_payment_method and a new card can be tried', async () => {
    const intent = await h.stripe.paymentIntents.create(manual());
    const mark = h.events.length;
    const error = await h.stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa_chargeDeclined' }).catch((caught) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' });
    expect(error.payment_intent).toMatchObject({ id: intent.id, status: 'requires_payment_method' });
    expect(typesSince(mark)).toEqual(['charge.failed', 'payment_intent.payment_failed']);
    const failed = await h.stripe.paymentIntents.retrieve(intent.id);
    expect(failed.last_payment_error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' });
    expect(await charge(failed)).toMatchObject({ status: 'failed', paid: false, failure_code: 'card_declined' });
    const retried = await h.stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    expect(retried).toMatchObject({ status: 'requires_capture', last_payment_error: null });
  });

  it('3-D Secure: requires_action, then authorized, or back to requires_payment_method when failed', async () => {
    const intent = await h.stripe.paymentIntents.create(manual({ payment_method: 'pm_card_authenticationRequired', confirm: true, return_url: 'http://localhost:3000/back' }));
    expect(intent.status).toBe('requires_action');
    expect(intent.next_action).toEqual({
      type: 'redirect_to_url',
      redirect_to_url: { url: `http://localhost:3000/api/v1/dev/stripe/3ds/${intent.id}`, return_url: 'http://localhost:3000/back' },
    });
    expect(eventTypes(h).at(-1)).toBe('payment_intent.requires_action');
    await h.local.completeThreeDSecure(intent.id, 'succeed');
    const authorized = await h.stripe.paymentIntents.retrieve(intent.id);
    expect(authorized).toMatchObject({ status: 'requires_capture', next_action: null });
    expect((await charge(authorized)).payment_method_details?.card?.three_d_secure).toMatchObject({ result: 'authenticated' });

    const other = await h.stripe.paymentIntents.create(manual({ payment_method: 'pm_card_authenticationRequired', confirm: true }));
    await h.local.completeThreeDSecure(other.id, 'fail');
    const failed = await h.stripe.paymentIntents.retrieve(other.id);
    expect(failed).toMatchObject({ status: 'requires_payment_method', payment_method: null });
    expect(failed.last_payment_error?.code).toBe('payment_intent_authentication_failure');
    expect(eventTypes(h).at(-1)).toBe('payment_intent.payment_failed');
  });

  it('refuses a card saved for another customer (and a saved card without its customer)', async () => {
    const owner = await h.stripe.customers.create();
    const other = await h.stripe.customers.create();
    const saved = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: owner.id });
    await expect(h.stripe.paymentIntents.create(manual({ customer: other.id, payment_method: saved.id, confirm: true }))).rejects.toMatchObject({
      statusCode: 400,
      param: 'payment_method',
    });
    await expect(h.stripe.paymentIntents.create(manual({ payment_method: saved.id, confirm: true }))).rejects.toMatchObject({ param: 'payment_method' });
    expect((await h.stripe.paymentIntents.create(manual({ customer: owner.id, payment_method: saved.id, confirm: true }))).status).toBe('requires_capture');
  });

  it('a browser confirms with the publishable key and the client secret', async () => {
    const intent = await h.stripe.paymentIntents.create(manual());
    await expect(h.browser.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' })).rejects.toMatchObject({ param: 'client_secret' });
    const confirmed = await h.browser.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa', client_secret: intent.client_secret } as never);
    expect(confirmed.status).toBe('requires_capture');
    await expect(h.browser.paymentIntents.capture(intent.id)).rejects.toMatchObject({ statusCode: 401 });
  });
});

describe('authorization expiry by the clock', () => {
  it('cancels requires_capture intents whose capture_before passed (reason automatic, charge.expired), not earlier', async () => {
    const intent = await h.stripe.paymentIntents.create(manual({ payment_method: 'pm_card_visa', confirm: true }));
    h.clock.advanceSeconds(DAY);
    const later = await h.stripe.paymentIntents.create(manual({ payment_method: 'pm_card_visa', confirm: true }));
    h.clock.advanceSeconds(6 * DAY - 1);
    expect(await h.local.expireAuthorizations()).toBe(0);
    h.clock.advanceSeconds(1);
    const mark = h.events.length;
    expect(await h.local.expireAuthorizations()).toBe(1);
    expect(typesSince(mark)).toEqual(['charge.expired', 'payment_intent.canceled']);
    const expired = await h.stripe.paymentIntents.retrieve(intent.id);
    expect(expired).toMatchObject({ status: 'canceled', cancellation_reason: 'automatic', amount_capturable: 0 });
    await expect(h.stripe.paymentIntents.capture(intent.id)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
    expect((await h.stripe.paymentIntents.retrieve(later.id)).status).toBe('requires_capture');
    expect(await h.local.expireAuthorizations()).toBe(0);
  });

  it('leaves captured and canceled intents alone', async () => {
    const captured = await h.stripe.paymentIntents.create(manual({ payment_method: 'pm_card_visa', confirm: true }));
    await h.stripe.paymentIntents.capture(captured.id);
    const canceled = await h.stripe.paymentIntents.create(manual({ payment_method: 'pm_card_visa', confirm: true }));
    await h.stripe.paymentIntents.cancel(canceled.id);
    h.clock.advanceSeconds(30 * DAY);
    expect(await h.local.expireAuthorizations()).toBe(0);
    expect((await h.stripe.paymentIntents.retrieve(captured.id)).status).toBe('succeeded');
  });
});

describe('test cards on PaymentIntents (integrations.md §1.7)', () => {
  async function customerWith(paymentMethod: string, setUpOffSession: boolean) {
    const customer = await h.stripe.customers.create();
    if (!setUpOffSession) {
      const attached = await h.stripe.paymentMethods.attach(paymentMethod, { customer: customer.id });
      return { customer, paymentMethod: attached.id };
    }
    const intent = await h.stripe.setupIntents.create({ customer: customer.id, payment_method: paymentMethod, confirm: true, usage: 'off_session' });
    if (intent.status === 'requires_action') await h.local.completeThreeDSecure(intent.id, 'succeed');
    const setUp = await h.stripe.setupIntents.retrieve(intent.id);
    expect(setUp.status).toBe('succeeded');
    return { customer, paymentMethod: setUp.payment_method as string };
  }

  async function offSession(customer: Stripe.Customer, paymentMethod: string) {
    return h.stripe.paymentIntents
      .create(manual({ customer: customer.id, payment_method: paymentMethod, confirm: true, off_session: true }))
      .catch((caught) => caught);
  }

  it('4242 authorizes on and off session', async () => {
    const { customer, paymentMethod } = await customerWith('pm_card_visa', true);
    expect((await offSession(customer, paymentMethod)).status).toBe('requires_capture');
  });

  it('0002 and 9995 are declined with generic_decline and insufficient_funds', async () => {
    for (const [shortcut, code] of [
      ['pm_card_visa_chargeDeclined', 'generic_decline'],
      ['pm_card_visa_chargeDeclinedInsufficientFunds', 'insufficient_funds'],
    ] as const) {
      const error = await h.stripe.paymentIntents.create(manual({ payment_method: shortcut, confirm: true })).catch((caught) => caught);
      expect(error).toMatchObject({ statusCode: 402, type: 'StripeCardError', code: 'card_declined', decline_code: code });
    }
  });

  it('3155: 3-D Secure on session when not set up, authentication_required off session, no challenge once set up', async () => {
    const onSession = await h.stripe.paymentIntents.create(manual({ payment_method: 'pm_card_authenticationRequiredOnSetup', confirm: true }));
    expect(onSession.status).toBe('requires_action');

    const notSetUp = await customerWith('pm_card_authenticationRequiredOnSetup', false);
    const refused = await offSession(notSetUp.customer, notSetUp.paymentMethod);
    expect(refused).toMatchObject({ statusCode: 402, code: 'authentication_required', decline_code: 'authentication_required' });
    expect(refused.payment_intent.status).toBe('requires_payment_method');

    const setUp = await customerWith('pm_card_authenticationRequiredOnSetup', true);
    const authorized = await offSession(setUp.customer, setUp.paymentMethod);
    expect(authorized.status).toBe('requires_capture');
    const onSessionAfterSetUp = await h.stripe.paymentIntents.create(manual({ customer: setUp.customer.id, payment_method: setUp.paymentMethod, confirm: true }));
    expect(onSessionAfterSetUp.status).toBe('requires_capture');
  });

  it('3184 always asks for 3-D Secure, even when set up; off session it is refused', async () => {
    const setUp = await customerWith('pm_card_authenticationRequired', true);
    const onSession = await h.stripe.paymentIntents.create(manual({ customer: setUp.customer.id, payment_method: setUp.paymentMethod, confirm: true }));
    expect(onSession.status).toBe('requires_action');
    const refused = await offSession(setUp.customer, setUp.paymentMethod);
    expect(refused).toMatchObject({ statusCode: 402, code: 'authentication_required' });
  });

  it('3220 requires 3-D Secure 2', async () => {
    const intent = await h.stripe.paymentIntents.create(manual({ payment_method: 'pm_card_threeDSecure2Required', confirm: true }));
    expect(intent.status).toBe('requires_action');
  });

  it('3178 authenticates, then is declined for insufficient funds', async () => {
    const paymentMethod = await h.stripe.paymentMethods.create({ type: 'card', card: { number: '4000008260003178', exp_month: 1, exp_year: 2031, cvc: '123' } });
    const intent = await h.stripe.paymentIntents.create(manual({ payment_method: paymentMethod.id, confirm: true }));
    expect(intent.status).toBe('requires_action');
    await h.local.completeThreeDSecure(intent.id, 'succeed');
    const after = await h.stripe.paymentIntents.retrieve(intent.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_payment_error).toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds' });
  });

  it('0341 attaches to the customer but its charges fail', async () => {
    const { customer, paymentMethod } = await customerWith('pm_card_chargeCustomerFail', true);
    const refused = await offSession(customer, paymentMethod);
    expect(refused).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
  });
});
