/**
 * Stripe webhook ingest (issue 10, Benchmark): signature verification alone (the official SDK's
 * HMAC check on our clock), then the whole POST through the HTTP stack — verify, store by event
 * id, enqueue the processing job in the same transaction — on embedded PGlite, as events/s.
 * Every event is new (a distinct id), so each request does the full write.
 *
 * `npm run bench -w apps/server -- webhooks` runs only this. BENCH_WEBHOOK_EVENTS (default 1,000).
 */
import Stripe from 'stripe';
import { buildApp, registerJobHandlers } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { verifyStripeWebhook } from '../src/integrations/payments/stripe-webhook-signature.ts';
import { ControllableClock } from '../src/platform/clock.ts';
import { createCoordination } from '../src/platform/coordination.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { createIdGenerator } from '../src/platform/ids.ts';
import { Jobs } from '../src/platform/jobs/jobs.ts';
import { createMetrics } from '../src/platform/metrics.ts';

const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 1_000);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function report(name: string, samples: number[], totalMs: number) {
  samples.sort((a, b) => a - b);
  const perSecond = (samples.length / totalMs) * 1000;
  console.log(
    `${name.padEnd(48)} median ${percentile(samples, 50).toFixed(3).padStart(7)} ms   p99 ${percentile(samples, 99).toFixed(3).padStart(7)} ms   ${perSecond.toFixed(0).padStart(6)} events/s   (${samples.length} events)`,
  );
}

export async function benchWebhooks(): Promise<void> {
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_MODE: 'off' });
  const secret = config.payments.webhookSecret;
  let sequence = 0;
  const signedEvent = () => {
    const payload = JSON.stringify({
      id: `evt_bench${sequence++}`,
      object: 'event',
      api_version: '2026-07-29.dahlia',
      created: Math.floor(clock.nowMs() / 1000),
      livemode: false,
      type: 'payment_intent.amount_capturable_updated',
      account: null,
      data: { object: { id: `pi_bench${sequence}`, object: 'payment_intent', amount: 11_200, amount_capturable: 11_200, currency: 'usd', status: 'requires_capture', capture_method: 'manual', metadata: { booking: 'bench' } } },
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    });
    return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: Math.floor(clock.nowMs() / 1000) }) };
  };

  const one = signedEvent();
  const rawBody = Buffer.from(one.payload);
  const verifySamples: number[] = [];
  let started = performance.now();
  for (let i = 0; i < EVENTS * 10; i++) {
    const t0 = performance.now();
    verifyStripeWebhook({ rawBody, signatureHeader: one.signature, secret, nowMs: clock.nowMs() });
    verifySamples.push(performance.now() - t0);
  }
  report('verifyStripeWebhook() (SDK, HMAC-SHA256)', verifySamples, performance.now() - started);

  const database = await openDatabase({ kind: 'pglite' });
  const ids = createIdGenerator(clock);
  await prepareDatabase(database.db, ids);
  const jobs = Jobs.create(database, { work: false });
  await registerJobHandlers({ config, clock, ids, database, jobs, metrics: createMetrics() });
  await jobs.start();
  const app = await buildApp({ config, clock, ids, database, coordination: createCoordination({ clock }), jobs, metrics: createMetrics() });
  await app.ready();
  try {
    const deliver = (event: { payload: string; signature: string }) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/payments/webhooks/stripe',
        headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': event.signature },
        payload: event.payload,
      });
    for (let i = 0; i < 50; i++) await deliver(signedEvent()); // warm-up
    const events = Array.from({ length: EVENTS }, signedEvent);
    const samples: number[] = [];
    started = performance.now();
    for (const event of events) {
      const t0 = performance.now();
      const response = await deliver(event);
      samples.push(performance.now() - t0);
      if (response.statusCode !== 200) throw new Error(`ingest answered ${response.statusCode}: ${response.body}`);
    }
    report('POST /payments/webhooks/stripe (inject, PGlite)', samples, performance.now() - started);
    const duplicates: number[] = [];
    started = performance.now();
    for (const event of events.slice(0, Math.min(EVENTS, 500))) {
      const t0 = performance.now();
      await deliver(event);
      duplicates.push(performance.now() - t0);
    }
    report('  same, a duplicate delivery', duplicates, performance.now() - started);
  } finally {
    await app.close();
    await jobs.stop(1_000);
    await database.close();
  }
}
