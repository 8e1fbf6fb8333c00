import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalStripe, type LocalStripe } from '@instainstru/local-stripe';
import { sql } from 'kysely';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../../test/support/test-database.ts';
import { ControllableClock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/database.ts';
import { Jobs } from '../../../platform/jobs/jobs.ts';
import { LocalDeliveriesRepository } from './local-deliveries.repository.ts';
import { deliverLocalEventJob } from './local-delivery.jobs.ts';
import { LocalEventDelivery } from './local-event-delivery.service.ts';
import { httpWebhookTransport } from './webhook-transport.ts';

/**
 * Delivery over real HTTP (the default transport, as `npm start` uses it): a local endpoint
 * records what it receives and answers the status the test chooses; a closed port stands for a
 * server that is down. Each attempt lands in local_stripe_deliveries.
 */
describe('delivering local Stripe events over HTTP', () => {
  const secret = 'whsec_local_development';
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  let database: Database;
  let jobs: Jobs;
  let local: LocalStripe;
  let stripe: Stripe;
  let endpoint: Server;
  let endpointUrl: string;
  let answerWith = 200;
  const received: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }> = [];
  const repository = new LocalDeliveriesRepository();

  const service = (url: string) =>
    new LocalEventDelivery({ db: database.db, clock, jobs, local, repository, webhookSecret: secret, endpointUrl: url, transport: httpWebhookTransport, mode: 'in_order' });
  let delivery: LocalEventDelivery;
  const row = (id: string) => database.db.selectFrom('localStripeDeliveries').selectAll().where('eventId', '=', id).executeTakeFirst();
  const newCustomerEvent = async () => {
    const customer = await stripe.customers.create({ email: `c${received.length}@example.com` });
    const events = await local.listEvents({ limit: 500 });
    return events.find((event) => event.type === 'customer.created' && JSON.parse(event.json).data.object.id === customer.id)!;
  };

  beforeAll(async () => {
    database = await openTestDatabase();
    jobs = Jobs.create(database, { work: false });
    local = createLocalStripe({ db: database.db, clock, onEvent: (event) => delivery.onEvent(event) });
    await local.ensureSchema();
    endpoint = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(answerWith, { 'content-type': 'application/json' }).end('{"received":true}');
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/api/v1/payments/webhooks/stripe`;
    delivery = service(endpointUrl);
    await jobs.register(deliverLocalEventJob(delivery));
    await jobs.start();
    stripe = new Stripe('sk_test_local', { httpClient: Stripe.createFetchHttpClient(local.fetch), maxNetworkRetries: 0 });
  });
  afterAll(async () => {
    await new Promise((resolve) => endpoint.close(resolve));
    await jobs.stop(2_000);
    await database.close();
  });

  it('queues each event (row and job) before the API call answers', async () => {
    const event = await newCustomerEvent();
    expect(await row(event.id)).toMatchObject({ eventType: 'customer.created', queuedAt: clock.now(), attempts: 0, deliveredAt: null });
    const queued = await sql<{ n: number }>`
      select count(*)::int as n from pgboss.job where name = 'payments.deliver_local_event' and data->>'eventId' = ${event.id}`.execute(database.db);
    expect(queued.rows[0]!.n).toBe(1);
  });

  it("POSTs the event's exact JSON with Stripe's headers, signed so the SDK's constructEvent accepts it", async () => {
    const event = await newCustomerEvent();
    expect(await delivery.attempt(event.id)).toEqual({ eventId: event.id, status: 200 });
    const request = received.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', url: '/api/v1/payments/webhooks/stripe', body: event.json });
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.headers['user-agent']).toMatch(/^Stripe\/1\.0/);
    const signature = String(request.headers['stripe-signature']);
    expect(signature).toMatch(/^t=1795446000,v1=[0-9a-f]{64}$/);
    expect(Stripe.webhooks.constructEvent(request.body, signature, secret, 300, undefined, clock.nowMs())).toMatchObject({ id: event.id, type: 'customer.created' });
    expect(await row(event.id)).toMatchObject({ attempts: 1, lastStatus: 200, lastError: null, deliveredAt: clock.now() });
  });

  it('fails the attempt (so the job is retried) on a non-2xx answer, and records it', async () => {
    const event = await newCustomerEvent();
    answerWith = 503;
    await expect(delivery.attempt(event.id)).rejects.toThrow(`Delivering ${event.id}: the endpoint answered 503`);
    answerWith = 302;
    await expect(delivery.attempt(event.id)).rejects.toThrow('answered 302');
    expect(await row(event.id)).toMatchObject({ attempts: 2, lastStatus: 302, deliveredAt: null });

    answerWith = 200;
    clock.advance(10 * 60_000);
    await delivery.attempt(event.id);
    expect(await row(event.id)).toMatchObject({ attempts: 3, lastStatus: 200, deliveredAt: clock.now() });
    // A later failure (a resend to an endpoint that is down) keeps when it was delivered.
    answerWith = 500;
    const deliveredAt = clock.now();
    clock.advance(60_000);
    await expect(delivery.attempt(event.id)).rejects.toThrow();
    expect(await row(event.id)).toMatchObject({ attempts: 4, lastStatus: 500, deliveredAt });
    answerWith = 200;
  });

  it('fails the attempt on a connection error, and records the error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const event = await newCustomerEvent();
    await expect(service(`http://127.0.0.1:${port}/api/v1/payments/webhooks/stripe`).attempt(event.id)).rejects.toThrow(/Delivering evt_\w+ failed: fetch failed/);
    const recorded = await row(event.id);
    expect(recorded).toMatchObject({ attempts: 1, lastStatus: null, deliveredAt: null });
    expect(recorded!.lastError).toMatch(/ECONNREFUSED/);
  });

  it('drops an event the local Stripe does not have', async () => {
    expect(await delivery.attempt('evt_gone')).toEqual({ eventId: 'evt_gone', missing: true });
    expect(await row('evt_gone')).toBeUndefined();
  });
});
