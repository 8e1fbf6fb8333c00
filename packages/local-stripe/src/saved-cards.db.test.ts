import Stripe from 'stripe';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventTypes, useHarness, type Harness } from './testing/harness.ts';

const holder = useHarness({ beforeAll, beforeEach, afterAll });
let h: Harness;
beforeEach(() => {
  h = holder.current;
});

function card(number: string) {
  return { type: 'card' as const, card: { number, exp_month: 12, exp_year: 2030, cvc: '123' } };
}

describe('customers', () => {
  it('are created, updated (with previous_attributes on the event), listed and deleted', async () => {
    const customer = await h.stripe.customers.create({ email: 'ana@example.com', name: 'Ana', metadata: { userId: 'u1' } });
    const updated = await h.stripe.customers.update(customer.id, { name: 'Ana B', metadata: { userId: '', plan: 'x' } });
    expect(updated).toMatchObject({ name: 'Ana B', metadata: { plan: 'x' } });
    const event = await h.stripe.events.retrieve(h.events.at(-1)!.id);
    expect(event.type).toBe('customer.updated');
    expect(event.data.previous_attributes).toEqual({ name: 'Ana', metadata: { userId: 'u1' } });
    await h.stripe.customers.create({ email: 'bo@example.com' });
    expect((await h.stripe.customers.list({ email: 'ana@example.com' })).data.map((c) => c.id)).toEqual([customer.id]);
    const page = await h.stripe.customers.list({ limit: 1 });
    expect(page.has_more).toBe(true);
    const next = await h.stripe.customers.list({ limit: 1, starting_after: page.data[0]!.id });
    expect(next.data[0]!.id).toBe(customer.id);
    expect(await h.stripe.customers.del(customer.id)).toMatchObject({ deleted: true });
    expect((await h.stripe.customers.list()).data.map((c) => c.id)).not.toContain(customer.id);
  });

  it('take a default payment method only among their attached cards', async () => {
    const customer = await h.stripe.customers.create();
    const paymentMethod = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const updated = await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: paymentMethod.id } });
    expect(updated.invoice_settings.default_payment_method).toBe(paymentMethod.id);
    const stranger = await h.stripe.paymentMethods.create(card('4242424242424242'));
    await expect(h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: stranger.id } })).rejects.toMatchObject({
      statusCode: 400,
      param: 'invoice_settings[default_payment_method]',
    });
    await h.stripe.paymentMethods.detach(paymentMethod.id);
    const after = (await h.stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(after.invoice_settings.default_payment_method).toBeNull();
  });
});

describe('payment methods', () => {
  it('keep brand, last4, expiry, fingerprint, funding and country, never the number', async () => {
    const paymentMethod = await h.stripe.paymentMethods.create(card('4242 4242 4242 4242'));
    expect(paymentMethod.id).toMatch(/^pm_/);
    expect(paymentMethod.card).toMatchObject({ brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030, funding: 'credit', country: 'US' });
    expect(paymentMethod.card?.fingerprint).toHaveLength(16);
    const same = await h.stripe.paymentMethods.create(card('4242424242424242'));
    expect(same.card?.fingerprint).toBe(paymentMethod.card?.fingerprint);
    const stored = await sql<{ body: string; internal: string }>`select body, internal from fake_stripe_objects`.execute(h.database.db);
    expect(JSON.stringify(stored.rows)).not.toContain('4242424242424242');
  });

  it('refuse bad numbers, expiries and CVCs with card errors', async () => {
    await expect(h.stripe.paymentMethods.create(card('4242424242424241'))).rejects.toMatchObject({ statusCode: 402, code: 'incorrect_number', type: 'StripeCardError' });
    await expect(
      h.stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 1, exp_year: 2026, cvc: '123' } }),
    ).rejects.toMatchObject({ code: 'invalid_expiry_year' });
    await expect(
      h.stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 13, exp_year: 2030, cvc: '123' } }),
    ).rejects.toMatchObject({ code: 'invalid_expiry_month' });
    await expect(
      h.stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '1' } }),
    ).rejects.toMatchObject({ code: 'invalid_cvc' });
  });

  it('attach, list by customer and detach; a pm_card_ shortcut makes a fresh card each time', async () => {
    const customer = await h.stripe.customers.create();
    const first = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const second = await h.stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    expect(first.id).not.toBe('pm_card_visa');
    expect(second.card?.brand).toBe('mastercard');
    const listed = await h.stripe.customers.listPaymentMethods(customer.id, { type: 'card' });
    expect(listed.data.map((pm) => pm.id)).toEqual([second.id, first.id]);
    expect((await h.stripe.paymentMethods.list({ customer: customer.id, type: 'card' })).data).toHaveLength(2);
    await h.stripe.paymentMethods.detach(first.id);
    expect((await h.stripe.customers.listPaymentMethods(customer.id)).data.map((pm) => pm.id)).toEqual([second.id]);
    await expect(h.stripe.paymentMethods.detach(first.id)).rejects.toMatchObject({ statusCode: 400 });
    expect(eventTypes(h).filter((type) => type.startsWith('payment_method.a') || type.startsWith('payment_method.d'))).toEqual([
      'payment_method.attached',
      'payment_method.attached',
      'payment_method.detached',
    ]);
  });

  it('0341 attaches, 0002 and 9995 are declined when attached', async () => {
    const customer = await h.stripe.customers.create();
    expect((await h.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id })).customer).toBe(customer.id);
    await expect(h.stripe.paymentMethods.attach('pm_card_visa_chargeDeclined', { customer: customer.id })).rejects.toMatchObject({
      statusCode: 402,
      code: 'card_declined',
      decline_code: 'generic_decline',
    });
    await expect(h.stripe.paymentMethods.attach('pm_card_visa_chargeDeclinedInsufficientFunds', { customer: customer.id })).rejects.toMatchObject({
      decline_code: 'insufficient_funds',
    });
  });
});

describe('setup intents', () => {
  async function setUp(paymentMethod: string) {
    const customer = await h.stripe.customers.create();
    const intent = await h.stripe.setupIntents.create({ customer: customer.id, usage: 'off_session' });
    return { customer, intent, paymentMethod };
  }

  it('4242 succeeds at once and attaches the card; the client secret has Stripe’s shape', async () => {
    const { customer, intent } = await setUp('pm_card_visa');
    expect(intent).toMatchObject({ status: 'requires_payment_method', usage: 'off_session', customer: customer.id });
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_[0-9A-Za-z]+$`));
    const browserCard = await h.browser.paymentMethods.create(card('4242424242424242'));
    const confirmed = await h.browser.setupIntents.confirm(intent.id, { payment_method: browserCard.id, client_secret: intent.client_secret } as never);
    expect(confirmed).toMatchObject({ status: 'succeeded', payment_method: browserCard.id });
    expect((await h.stripe.paymentMethods.retrieve(browserCard.id)).customer).toBe(customer.id);
    expect(eventTypes(h)).toContain('setup_intent.succeeded');
  });

  for (const [label, number] of [
    ['3155', '4000002500003155'],
    ['3184', '4000002760003184'],
    ['3220', '4000000000003220'],
  ] as const) {
    it(`${label} asks for 3-D Secure with a redirect to the local page, then succeeds or fails there`, async () => {
      const { customer, intent } = await setUp(number);
      const paymentMethod = await h.stripe.paymentMethods.create(card(number));
      const pending = await h.stripe.setupIntents.confirm(intent.id, { payment_method: paymentMethod.id, return_url: 'http://localhost:3000/account/payment-methods' });
      expect(pending.status).toBe('requires_action');
      expect(pending.next_action).toEqual({
        type: 'redirect_to_url',
        redirect_to_url: { url: `http://localhost:3000/api/v1/dev/stripe/3ds/${intent.id}`, return_url: 'http://localhost:3000/account/payment-methods' },
      });
      expect((await h.stripe.paymentMethods.retrieve(paymentMethod.id)).customer).toBeNull();
      await h.local.completeThreeDSecure(intent.id, 'succeed');
      expect((await h.stripe.setupIntents.retrieve(intent.id)).status).toBe('succeeded');
      expect((await h.stripe.paymentMethods.retrieve(paymentMethod.id)).customer).toBe(customer.id);

      const second = await h.stripe.setupIntents.create({ customer: customer.id, payment_method: (await h.stripe.paymentMethods.create(card(number))).id, confirm: true });
      expect(second.status).toBe('requires_action');
      await h.local.completeThreeDSecure(second.id, 'fail');
      const failed = await h.stripe.setupIntents.retrieve(second.id);
      expect(failed.status).toBe('requires_payment_method');
      expect(failed.last_setup_error?.code).toBe('setup_intent_authentication_failure');
      expect(eventTypes(h)).toContain('setup_intent.setup_failed');
      await expect(h.local.completeThreeDSecure(second.id, 'succeed')).rejects.toThrow(/not awaiting 3-D Secure/);
    });
  }

  for (const [number, declineCode] of [
    ['4000000000000002', 'generic_decline'],
    ['4000000000009995', 'insufficient_funds'],
  ] as const) {
    it(`${number.slice(-4)} is declined with last_setup_error (${declineCode})`, async () => {
      const { intent } = await setUp(number);
      const paymentMethod = await h.stripe.paymentMethods.create(card(number));
      const error = await h.stripe.setupIntents.confirm(intent.id, { payment_method: paymentMethod.id }).catch((caught) => caught);
      expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect(error).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: declineCode });
      const after = await h.stripe.setupIntents.retrieve(intent.id);
      expect(after.status).toBe('requires_payment_method');
      expect(after.last_setup_error).toMatchObject({ code: 'card_declined', decline_code: declineCode });
    });
  }

  it('0341 sets up fine (its charges fail later)', async () => {
    const { customer, intent } = await setUp('4000000000000341');
    const confirmed = await h.stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_chargeCustomerFail' });
    expect(confirmed.status).toBe('succeeded');
    expect((await h.stripe.customers.listPaymentMethods(customer.id)).data).toHaveLength(1);
  });

  it('accept a card sent inline with the confirmation (payment_method_data), as Stripe.js may', async () => {
    const { customer, intent } = await setUp('4242424242424242');
    const confirmed = await h.browser.setupIntents.confirm(intent.id, {
      payment_method_data: { type: 'card', card: { number: '4242424242424242', exp_month: 4, exp_year: 2031, cvc: '314' } },
      client_secret: intent.client_secret,
    } as never);
    expect(confirmed.status).toBe('succeeded');
    const [saved] = (await h.stripe.customers.listPaymentMethods(customer.id)).data;
    expect(saved).toMatchObject({ id: confirmed.payment_method, card: { last4: '4242', exp_month: 4, exp_year: 2031 } });
  });

  it('cancel only from the requires_* states', async () => {
    const { intent } = await setUp('pm_card_visa');
    expect((await h.stripe.setupIntents.cancel(intent.id, { cancellation_reason: 'abandoned' })).status).toBe('canceled');
    await expect(h.stripe.setupIntents.cancel(intent.id)).rejects.toMatchObject({ statusCode: 400, code: 'setup_intent_unexpected_state' });
    await expect(h.stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' })).rejects.toMatchObject({ code: 'setup_intent_unexpected_state' });
  });
});
