import { sql } from 'kysely';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookRequest, WebhookTransport } from '../../apps/server/src/modules/payments/local-delivery/webhook-transport.ts';
import { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The local Stripe's events reach our webhook endpoint as Stripe's do (issue 10, "Events …"):
 * queued by a job after they commit, signed with the endpoint secret on the marketplace Clock,
 * POSTed (here through app.inject), stored once by the endpoint even when sent twice out of
 * order, retried after a failure, resent on demand; and the local Stripe's own clock (expiring
 * authorizations) runs on ours through run-due.
 */

const poll = { timeout: 20_000, interval: 100 };

/** The server's SDK and the browser's, both on the local Stripe in this process. */
function stripeClients(t: TestApp) {
  const fetch = Stripe.createFetchHttpClient(t.app.localStripe!.fetch);
  return {
    server: new Stripe(t.config.payments.secretKey, { httpClient: fetch, maxNetworkRetries: 0 }),
    browser: new Stripe(t.config.payments.publishableKey, { httpClient: fetch, maxNetworkRetries: 0 }),
  };
}

/** A card saved as the payment-methods page does: a SetupIntent, confirmed from the browser with 4242. */
async function saveCard(t: TestApp): Promise<Stripe.SetupIntent> {
  const { server, browser } = stripeClients(t);
  const customer = await server.customers.create({ email: 'learner@example.com' });
  const intent = await server.setupIntents.create({ customer: customer.id, usage: 'off_session' });
  const method = await browser.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' } });
  const confirmed = await browser.setupIntents.confirm(intent.id, {
    payment_method: method.id,
    client_secret: intent.client_secret!,
    return_url: 'http://localhost:3000/account/payment-methods',
  } as Stripe.SetupIntentConfirmParams);
  expect(confirmed.status).toBe('succeeded');
  return confirmed;
}

const eventsOf = async (t: TestApp, type: string) => (await t.app.localStripe!.listEvents({ limit: 500 })).filter((event) => event.type === type);
const storedRows = (t: TestApp, id: string) => t.database.db.selectFrom('paymentWebhookEvents').selectAll().where('id', '=', id).execute();
const delivery = (t: TestApp, id: string) => t.database.db.selectFrom('localStripeDeliveries').selectAll().where('eventId', '=', id).executeTakeFirst();

describe('local Stripe webhooks, in order', () => {
  let t: TestApp;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  /** Every request the endpoint was sent, and whether it is down (answering 500) now. */
  const sent: WebhookRequest[] = [];
  let endpointDown = false;
  const recording = (inject: WebhookTransport): WebhookTransport => async (request) => {
    sent.push(request);
    return endpointDown ? { status: 500 } : inject(request);
  };

  beforeAll(async () => {
    t = await createTestApp({ clock, work: true, localStripeWebhooks: { transport: recording } });
  });
  afterAll(() => t.close());

  it('delivers setup_intent.succeeded, signed so the official SDK accepts it, and the endpoint stores it once', async () => {
    const intent = await saveCard(t);
    const [succeeded] = await eventsOf(t, 'setup_intent.succeeded');
    expect(succeeded).toBeDefined();
    expect(JSON.parse(succeeded!.json).data.object.id).toBe(intent.id);

    await expect.poll(async () => (await storedRows(t, succeeded!.id)).length, poll).toBe(1);
    await expect.poll(async () => (await storedRows(t, succeeded!.id))[0]?.processedAt ?? null, poll).not.toBeNull();
    await expect.poll(async () => (await delivery(t, succeeded!.id))?.deliveredAt ?? null, poll).not.toBeNull();
    expect(await delivery(t, succeeded!.id)).toMatchObject({ eventType: 'setup_intent.succeeded', attempts: 1, lastStatus: 200, lastError: null, deliveredAt: clock.now() });

    // What was sent is Stripe's request: the exact event JSON, to our endpoint at PUBLIC_URL, signed by our Clock.
    const request = sent.find((r) => r.body === succeeded!.json)!;
    expect(request.url).toBe(`${t.config.PUBLIC_URL}/api/v1/payments/webhooks/stripe`);
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.headers['stripe-signature']).toMatch(new RegExp(`^t=${Math.floor(clock.nowMs() / 1000)},v1=[0-9a-f]{64}$`));
    const verified = Stripe.webhooks.constructEvent(request.body, request.headers['stripe-signature']!, t.config.payments.webhookSecret, 300, undefined, clock.nowMs());
    expect(verified).toMatchObject({ id: succeeded!.id, type: 'setup_intent.succeeded', object: 'event' });
    expect(() => Stripe.webhooks.constructEvent(request.body, request.headers['stripe-signature']!, 'whsec_somebody_else', 300, undefined, clock.nowMs())).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it('retries a delivery the endpoint answered with 500, later, until it gets a 2xx', async () => {
    endpointDown = true;
    const customer = await stripeClients(t).server.customers.create({ email: 'retry@example.com' });
    const [created] = (await eventsOf(t, 'customer.created')).filter((event) => JSON.parse(event.json).data.object.id === customer.id);
    await expect.poll(async () => (await delivery(t, created!.id))?.attempts ?? 0, poll).toBe(1);
    expect(await delivery(t, created!.id)).toMatchObject({ lastStatus: 500, deliveredAt: null });
    expect(await storedRows(t, created!.id)).toEqual([]);

    // pg-boss holds the job for its retry, at least 10 minutes later (the policy's first delay).
    const job = async () =>
      (
        await sql<{ id: string; state: string; wait: number }>`
          select id, state, extract(epoch from start_after - now())::float8 as wait
          from pgboss.job where name = 'payments.deliver_local_event' and data->>'eventId' = ${created!.id}`.execute(t.database.db)
      ).rows[0];
    await expect.poll(async () => (await job())?.state, poll).toBe('retry');
    const retry = (await job())!;
    expect(retry.wait).toBeGreaterThan(9 * 60);

    // The endpoint is back, and the retry's time comes (pg-boss waits by the wall clock: its wait is cut short).
    endpointDown = false;
    await sql`update pgboss.job set start_after = now() where id = ${retry.id}::uuid`.execute(t.database.db);
    await expect.poll(async () => (await delivery(t, created!.id))?.deliveredAt ?? null, poll).not.toBeNull();
    expect(await delivery(t, created!.id)).toMatchObject({ attempts: 2, lastStatus: 200 });
    expect(await storedRows(t, created!.id)).toHaveLength(1);
  });

  it('resends an event on demand; the endpoint answers it is a duplicate and keeps one copy', async () => {
    const [succeeded] = await eventsOf(t, 'setup_intent.succeeded');
    const before = (await delivery(t, succeeded!.id))!.attempts;
    const resend = await t.app.inject({ method: 'POST', url: `/api/v1/dev/stripe/events/${succeeded!.id}/resend` });
    expect(resend.statusCode).toBe(202);
    expect(resend.json()).toEqual({ eventId: succeeded!.id, jobId: expect.any(String) });
    await expect.poll(async () => (await delivery(t, succeeded!.id))!.attempts, poll).toBe(before + 1);
    expect(await delivery(t, succeeded!.id)).toMatchObject({ lastStatus: 200 });
    expect(await storedRows(t, succeeded!.id)).toHaveLength(1);

    const deliveries = await t.app.inject({ method: 'GET', url: `/api/v1/dev/stripe/deliveries?eventIds=${succeeded!.id},evt_never_sent` });
    expect(deliveries.statusCode).toBe(200);
    expect(deliveries.json()).toEqual({
      items: [
        {
          eventId: succeeded!.id,
          eventType: 'setup_intent.succeeded',
          status: 'delivered',
          attempts: before + 1,
          lastStatus: 200,
          lastError: null,
          queuedAt: expect.any(String),
          lastAttemptAt: expect.any(String),
          deliveredAt: expect.any(String),
        },
      ],
    });
  });

  it('refuses to resend an unknown event (404) or a malformed id (400)', async () => {
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/dev/stripe/events/evt_does_not_exist/resend' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/dev/stripe/events/not-an-event/resend' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/dev/stripe/deliveries?eventIds=pi_123' })).statusCode).toBe(400);
    const tooMany = Array.from({ length: 101 }, (_, i) => `evt_${i}`).join(',');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/dev/stripe/deliveries?eventIds=${tooMany}` })).statusCode).toBe(400);
  });

  it('expires an authorization 7 days on by the Clock through run-due, and delivers payment_intent.canceled', async () => {
    const { server } = stripeClients(t);
    const intent = await server.paymentIntents.create({
      amount: 5_000,
      currency: 'usd',
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(intent.status).toBe('requires_capture');

    const runDue = async () => (await t.app.inject({ method: 'POST', url: '/api/v1/dev/jobs/run-due' })).json() as { ran: Array<{ key: string; outcome: string }> };
    await runDue();
    expect((await server.paymentIntents.retrieve(intent.id)).status).toBe('requires_capture');

    const advanced = await t.app.inject({ method: 'POST', url: '/api/v1/dev/clock', payload: { advanceMinutes: 7 * 24 * 60 + 10 } });
    expect(advanced.statusCode).toBe(200);
    expect((await runDue()).ran).toContainEqual(expect.objectContaining({ key: 'local-stripe-sweep', outcome: 'completed' }));
    const canceled = await server.paymentIntents.retrieve(intent.id);
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'automatic' });

    const [event] = (await eventsOf(t, 'payment_intent.canceled')).filter((e) => JSON.parse(e.json).data.object.id === intent.id);
    expect(event).toBeDefined();
    await expect.poll(async () => (await storedRows(t, event!.id)).length, poll).toBe(1);
    // The endpoint stores the event before the delivery job records its answer: wait for that too.
    await expect.poll(async () => (await delivery(t, event!.id))?.lastStatus, poll).toBe(200);
  });
});

describe('local Stripe webhooks, the test setting: each event twice, out of order', () => {
  let t: TestApp;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const sent: string[] = [];
  const recording = (inject: WebhookTransport): WebhookTransport => async (request) => {
    sent.push(JSON.parse(request.body).id);
    return inject(request);
  };
  // Always the first index: Fisher–Yates then rotates the batch, so the order surely differs.
  const alwaysFirst = () => 0;

  beforeAll(async () => {
    t = await createTestApp({ clock, work: true, localStripeWebhooks: { mode: 'duplicated_shuffled', random: alwaysFirst, transport: recording } });
  });
  afterAll(() => t.close());

  it('stores and processes each event once although it arrives twice and out of order', async () => {
    await saveCard(t);
    const events = [...(await t.app.localStripe!.listEvents({ limit: 500 }))].reverse();
    const ids = events.map((event) => event.id);
    expect(events.map((event) => event.type)).toContain('setup_intent.succeeded');

    await expect.poll(() => sent.length, poll).toBe(ids.length * 2);
    for (const id of ids) {
      expect(sent.filter((sentId) => sentId === id)).toHaveLength(2);
      await expect.poll(async () => (await delivery(t, id))?.attempts, poll).toBe(2);
      expect(await delivery(t, id)).toMatchObject({ lastStatus: 200 });
      const rows = await storedRows(t, id);
      expect(rows).toHaveLength(1);
      await expect.poll(async () => (await storedRows(t, id))[0]?.processedAt ?? null, poll).not.toBeNull();
      expect((await storedRows(t, id))[0]!.attempts).toBe(1);
    }
    // Queued, so sent, in another order than Stripe created them (the confirmation's two events at least are swapped).
    const queued = (
      await sql<{ eventId: string }>`
        select data->>'eventId' as event_id from pgboss.job where name = 'payments.deliver_local_event' order by created_on, id`.execute(t.database.db)
    ).rows.map((row) => row.eventId);
    expect([...queued].sort()).toEqual([...ids, ...ids].sort());
    const firstQueued = queued.filter((id, index) => queued.indexOf(id) === index);
    expect(firstQueued).not.toEqual(ids);
  });
});
