import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPublishedInstructor, aStudent, signIn } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * A student saves cards (issue 10 item 1) against the local Stripe: the API starts the setup,
 * the "browser" (the SDK with the publishable key, as Stripe.js) enters the card straight to
 * the local Stripe and confirms with the client secret, and the card is listed — its number
 * never reaches our API.
 */
describe('saved cards journey', () => {
  let t: TestApp;
  let student: { id: string; authorization: string };
  let browser: Stripe;

  beforeAll(async () => {
    t = await createTestApp();
    const person = await aStudent(t);
    student = { id: person.id, authorization: (await signIn(t, person)).authorization };
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, authorization: string | null = student.authorization) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: authorization ? { authorization } : {} });

  /** What the card form does: create the PaymentMethod from the card, confirm the setup with it. */
  async function saveCard(number: string, authorization = student.authorization) {
    const setup = await call('POST', '/me/payment-methods/setup', authorization);
    expect(setup.statusCode).toBe(201);
    const { setupIntentId, clientSecret, publishableKey, provider } = setup.json();
    expect(provider).toBe('local');
    expect(publishableKey).toMatch(/^pk_test_/);
    browser = new Stripe(publishableKey, { httpClient: Stripe.createFetchHttpClient(t.app.localStripe!.fetch), maxNetworkRetries: 0 });
    const method = await browser.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: 2030, cvc: '123' } });
    const confirmed = await browser.setupIntents
      .confirm(setupIntentId, { payment_method: method.id, client_secret: clientSecret, return_url: 'http://localhost:3000/account/payment-methods' } as Stripe.SetupIntentConfirmParams)
      .catch((error: unknown) => error as Stripe.errors.StripeError);
    return { setupIntentId, confirmed };
  }

  it('has no cards before the first', async () => {
    const response = await call('GET', '/me/payment-methods');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ items: [] });
  });

  it('saves a 4242 card and lists it as the default', async () => {
    const { confirmed } = await saveCard('4242424242424242');
    expect((confirmed as Stripe.SetupIntent).status).toBe('succeeded');
    const items = (await call('GET', '/me/payment-methods')).json().items;
    expect(items).toEqual([{ id: expect.stringMatching(/^pm_/), brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030, isDefault: true }]);
  });

  it('saves a 3155 card through 3-D Secure, and makes it the default', async () => {
    const { setupIntentId, confirmed } = await saveCard('4000002500003155');
    expect((confirmed as Stripe.SetupIntent).status).toBe('requires_action');
    expect((confirmed as Stripe.SetupIntent).next_action?.redirect_to_url?.url).toMatch(/\/api\/v1\/dev\/stripe\/3ds\//);
    expect((await call('GET', '/me/payment-methods')).json().items).toHaveLength(1);
    await t.app.localStripe!.completeThreeDSecure(setupIntentId, 'succeed');
    const items = (await call('GET', '/me/payment-methods')).json().items;
    expect(items.map((card: { last4: string }) => card.last4).sort()).toEqual(['3155', '4242']);
    const secure = items.find((card: { last4: string }) => card.last4 === '3155');
    expect((await call('PUT', `/me/payment-methods/${secure.id}/default`)).statusCode).toBe(204);
    expect((await call('GET', '/me/payment-methods')).json().items[0]).toMatchObject({ last4: '3155', isDefault: true });
  });

  it('does not keep a declined card', async () => {
    const { confirmed } = await saveCard('4000000000000002');
    expect((confirmed as Stripe.errors.StripeError).code).toBe('card_declined');
    expect((await call('GET', '/me/payment-methods')).json().items.map((card: { last4: string }) => card.last4)).not.toContain('0002');
  });

  it("refuses another student's card with 404 and changes nothing", async () => {
    const other = await aStudent(t);
    const otherAuth = (await signIn(t, other)).authorization;
    await saveCard('4242424242424242', otherAuth);
    const theirs = (await call('GET', '/me/payment-methods', otherAuth)).json().items[0].id;
    expect((await call('DELETE', `/me/payment-methods/${theirs}`)).statusCode).toBe(404);
    expect((await call('PUT', `/me/payment-methods/${theirs}/default`)).statusCode).toBe(404);
    expect((await call('GET', '/me/payment-methods', otherAuth)).json().items).toHaveLength(1);
  });

  it('removes a card', async () => {
    const before = (await call('GET', '/me/payment-methods')).json().items;
    const removed = before.find((card: { last4: string }) => card.last4 === '4242');
    expect((await call('DELETE', `/me/payment-methods/${removed.id}`)).statusCode).toBe(204);
    expect((await call('GET', '/me/payment-methods')).json().items.map((card: { id: string }) => card.id)).not.toContain(removed.id);
    expect((await call('DELETE', `/me/payment-methods/${removed.id}`)).statusCode).toBe(404);
  });

  it('refuses bad ids with 400, strangers with 401 and instructors with 403', async () => {
    const bad = await call('DELETE', '/me/payment-methods/card%00x');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((error: { field: string }) => error.field)).toContain('path.id');
    expect((await call('GET', '/me/payment-methods', null)).statusCode).toBe(401);
    const teacher = await aPublishedInstructor(t);
    expect((await call('POST', '/me/payment-methods/setup', (await signIn(t, teacher)).authorization)).statusCode).toBe(403);
  });

  it('keeps one provider customer per student, even for setups started at once', async () => {
    const fresh = await aStudent(t);
    const authorization = (await signIn(t, fresh)).authorization;
    const answers = await Promise.all(Array.from({ length: 5 }, () => call('POST', '/me/payment-methods/setup', authorization)));
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201, 201, 201, 201]);
    const rows = await t.database.db.selectFrom('paymentCustomers').select('customerId').where('userId', '=', fresh.id).execute();
    expect(rows).toHaveLength(1);
  });
});
