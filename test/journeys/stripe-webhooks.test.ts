import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookEvent } from '../../apps/server/src/modules/payments/webhooks/webhook-event.ts';
import { WebhookEventsRepository } from '../../apps/server/src/modules/payments/webhooks/webhook-events.repository.ts';
import { WebhookHandlerRegistry } from '../../apps/server/src/modules/payments/webhooks/webhook-handlers.ts';
import { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { aClientIp } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Stripe webhooks through the HTTP API, signed as Stripe signs (the SDK's test header), with
 * the job worker running: duplicates stored and processed once, a late older event that must
 * not move a state backwards, and every refusal (bad or missing signature, stale timestamp by
 * our clock, broken JSON) answering 400 with nothing stored.
 */
describe('Stripe webhooks', () => {
  let t: TestApp;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const handled: Array<{ id: string; created: number; status: string }> = [];
  /** What a handler keeps: a thing's status and the `created` of the event that set it. */
  const things = new Map<string, { status: string; asOf: number }>();

  // A handler as payment modules write them: it compares the event's `created` with what it holds.
  const thingUpdated = async (event: WebhookEvent) => {
    const status = String(event.object.status);
    handled.push({ id: event.id, created: event.created.getTime(), status });
    const current = things.get(String(event.object.id));
    if (current && current.asOf > event.created.getTime()) return;
    things.set(String(event.object.id), { status, asOf: event.created.getTime() });
  };

  beforeAll(async () => {
    const handlers = new WebhookHandlerRegistry();
    handlers.registerWebhookHandler('test.thing.updated', thingUpdated);
    t = await createTestApp({ clock, work: true, webhookHandlers: handlers });
  });
  afterAll(() => t.close());

  const nowSeconds = () => Math.floor(clock.nowMs() / 1000);
  const anEvent = (id: string, fields: { type?: string; created?: number; object?: Record<string, unknown>; account?: string } = {}) =>
    JSON.stringify({
      id,
      object: 'event',
      api_version: '2026-07-29.dahlia',
      created: fields.created ?? nowSeconds(),
      data: { object: fields.object ?? { id: 'thing_1', object: 'thing', status: 'new' } },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: fields.type ?? 'test.thing.updated',
      ...(fields.account ? { account: fields.account } : {}),
    });
  const signed = (payload: string, options: { timestamp?: number; secret?: string } = {}) =>
    Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? t.config.payments.webhookSecret, timestamp: options.timestamp ?? nowSeconds() });
  const deliver = (payload: string, signature: string | undefined, contentType = 'application/json; charset=utf-8') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/webhooks/stripe',
      headers: { 'content-type': contentType, 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)', ...(signature ? { 'stripe-signature': signature } : {}) },
      payload,
      remoteAddress: '54.187.174.169',
    });
  const stored = (id: string) => new WebhookEventsRepository().find(t.database.db, id);
  const storedCount = async () => Number((await t.database.db.selectFrom('paymentWebhookEvents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const processed = (id: string) => expect.poll(async () => (await stored(id))?.processedAt ?? null, { timeout: 20_000, interval: 100 }).not.toBeNull();

  it('stores and processes an event once, however many times it is delivered', async () => {
    const payload = anEvent('evt_five_times', { object: { id: 'thing_5', object: 'thing', status: 'ready' }, account: 'acct_1Instructor' });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await deliver(payload, signed(payload)));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => a.json().duplicate)).toEqual([false, true, true, true, true]);
    expect(answers[0]!.json()).toEqual({ received: true, eventId: 'evt_five_times', duplicate: false });

    await processed('evt_five_times');
    // Redelivered after processing: still nothing new.
    expect((await deliver(payload, signed(payload))).json().duplicate).toBe(true);
    const row = await stored('evt_five_times');
    expect(row).toMatchObject({
      type: 'test.thing.updated',
      account: 'acct_1Instructor',
      created: new Date('2026-11-23T15:00:00Z'),
      receivedAt: new Date('2026-11-23T15:00:00Z'),
      attempts: 1,
      lastError: null,
      payload: JSON.parse(payload),
    });
    expect(handled.filter((h) => h.id === 'evt_five_times')).toHaveLength(1);
  });

  it('never lets an older event arriving late move a state backwards', async () => {
    const base = nowSeconds();
    const first = anEvent('evt_order_1', { created: base - 20, object: { id: 'thing_o', object: 'thing', status: 'pending' } });
    const second = anEvent('evt_order_2', { created: base - 10, object: { id: 'thing_o', object: 'thing', status: 'verified' } });
    const third = anEvent('evt_order_3', { created: base, object: { id: 'thing_o', object: 'thing', status: 'paid' } });

    // Stripe sends the newest first and the oldest last.
    expect((await deliver(third, signed(third))).statusCode).toBe(200);
    await processed('evt_order_3');
    expect((await deliver(first, signed(first))).statusCode).toBe(200);
    await processed('evt_order_1');
    expect((await deliver(second, signed(second))).statusCode).toBe(200);
    await processed('evt_order_2');

    // Each reached the handler once, with its own `created`, in delivery order…
    expect(handled.filter((h) => h.id.startsWith('evt_order_'))).toEqual([
      { id: 'evt_order_3', created: base * 1000, status: 'paid' },
      { id: 'evt_order_1', created: (base - 20) * 1000, status: 'pending' },
      { id: 'evt_order_2', created: (base - 10) * 1000, status: 'verified' },
    ]);
    // …and the newest one's state stands.
    expect(things.get('thing_o')).toEqual({ status: 'paid', asOf: base * 1000 });
  });

  it('marks an event type nobody handles as processed', async () => {
    const payload = anEvent('evt_unhandled', { type: 'customer.created', object: { id: 'cus_1', object: 'customer' } });
    expect((await deliver(payload, signed(payload))).statusCode).toBe(200);
    await processed('evt_unhandled');
    expect(handled.map((h) => h.id)).not.toContain('evt_unhandled');
  });

  it('refuses a bad signature and stores nothing', async () => {
    const before = await storedCount();
    const payload = anEvent('evt_forged');
    const wrongSecret = await deliver(payload, signed(payload, { secret: 'whsec_somebody_else' }));
    expect(wrongSecret.statusCode).toBe(400);
    expect(wrongSecret.headers['content-type']).toContain('application/problem+json');
    expect(wrongSecret.json()).toMatchObject({ code: 'bad_request', reason: 'bad_signature', errors: [{ field: 'headers.stripe-signature' }] });

    // Signed, then changed in transit.
    const tampered = await deliver(payload.replace('"new"', '"paid"'), signed(payload));
    expect(tampered.json()).toMatchObject({ status: 400, reason: 'bad_signature' });
    const garbage = await deliver(payload, 'not-a-signature');
    expect(garbage.json()).toMatchObject({ status: 400, reason: 'bad_signature' });

    expect(await stored('evt_forged')).toBeUndefined();
    expect(await storedCount()).toBe(before);
  });

  it('refuses a timestamp more than 300 s old by our clock, and accepts one just inside', async () => {
    const before = await storedCount();
    const payload = anEvent('evt_stale');
    const stale = await deliver(payload, signed(payload, { timestamp: nowSeconds() - 301 }));
    expect(stale.statusCode).toBe(400);
    expect(stale.json()).toMatchObject({ reason: 'stale_timestamp', detail: "The signature's timestamp is more than 300 s old." });
    expect(await storedCount()).toBe(before);

    // Signed now, received after our clock moved 6 minutes on: stale too (the wall clock has no say).
    const signature = signed(payload);
    clock.advance(6 * 60_000);
    expect((await deliver(payload, signature)).json()).toMatchObject({ status: 400, reason: 'stale_timestamp' });
    expect(await storedCount()).toBe(before);

    const fresh = await deliver(payload, signed(payload, { timestamp: nowSeconds() - 300 }));
    expect(fresh.statusCode).toBe(200);
  });

  it('refuses a missing signature, broken JSON and bodies that are not events', async () => {
    const before = await storedCount();
    const payload = anEvent('evt_unsigned');
    const unsigned = await deliver(payload, undefined);
    expect(unsigned.statusCode).toBe(400);
    expect(unsigned.json()).toMatchObject({ reason: 'missing_signature', errors: [{ field: 'headers.stripe-signature' }] });

    const broken = '{"id":"evt_broken","object":"event",';
    const brokenAnswer = await deliver(broken, signed(broken));
    expect(brokenAnswer.statusCode).toBe(400);
    expect(brokenAnswer.json()).toMatchObject({ reason: 'malformed_payload', errors: [{ field: 'body' }] });

    const notAnEvent = JSON.stringify({ id: 'evt_shape', object: 'event', type: 'x.y', created: 'soon', data: { object: {} } });
    const shapeAnswer = await deliver(notAnEvent, signed(notAnEvent));
    expect(shapeAnswer.statusCode).toBe(400);
    expect(shapeAnswer.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'body.created' }] });

    const nul = anEvent('evt_nul', { object: { id: 'thing_n', object: 'thing', status: 'a\u0000b' } });
    expect((await deliver(nul, signed(nul))).statusCode).toBe(400);

    const empty = await deliver('', signed(''));
    expect(empty.statusCode).toBe(400);
    expect(await storedCount()).toBe(before);
  });

  it('reads the exact bytes of a JSON body, and refuses other types', async () => {
    // A trailing newline and odd spacing are part of what was signed: parsed and re-serialized, they would not verify.
    const payload = `${anEvent('evt_bytes').replace('{', '{ ')}\n`;
    const answer = await deliver(payload, signed(payload), 'application/json');
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ eventId: 'evt_bytes', duplicate: false });

    const other = anEvent('evt_text');
    const refused = await deliver(other, signed(other), 'text/plain');
    expect(refused.statusCode).toBe(415);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(await stored('evt_text')).toBeUndefined();
  });

  it('is public: only the signature counts, whatever Authorization says', async () => {
    const payload = anEvent('evt_with_bearer');
    const answer = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': 'bogus', authorization: 'Bearer not-a-token' },
      payload,
      remoteAddress: aClientIp(),
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ reason: 'bad_signature' });
    expect(await stored('evt_with_bearer')).toBeUndefined();
  });
});
