import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../../test/support/test-database.ts';
import { ControllableClock } from '../../../platform/clock.ts';
import type { Database, Tx } from '../../../platform/db/database.ts';
import { parseWebhookEvent, type WebhookEvent } from './webhook-event.ts';
import { WebhookEventsRepository } from './webhook-events.repository.ts';
import { WebhookHandlerRegistry } from './webhook-handlers.ts';
import { WebhookProcessor } from './webhook-processor.ts';

/**
 * Exactly-once processing on the real database: the handlers' writes and processed_at commit
 * together; a failure leaves nothing but the attempt and its error; a second run does nothing.
 * A handler's visible effect here is a row in dev_echo_runs written through its transaction.
 */
describe('processing a stored webhook event', () => {
  let database: Database;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const repository = new WebhookEventsRepository();
  const handlers = new WebhookHandlerRegistry();
  let failuresLeft = 0;
  const seen: string[] = [];

  const effect = async (event: WebhookEvent, tx: Tx) => {
    seen.push(event.id);
    await tx.insertInto('devEchoRuns').values({ jobId: event.id, message: event.type, startedAt: clock.now() }).execute();
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      throw new Error('the handler failed\u0000 once');
    }
  };

  const store = async (id: string, type: string) => {
    const payload = { id, object: 'event', type, created: 1_700_000_000, data: { object: { id: 'obj_1' } } };
    const parsed = parseWebhookEvent(payload);
    if (!parsed.ok) throw new Error('bad test event');
    return repository.insertIfNew(database.db, parsed.event, payload, clock.now());
  };
  const effects = (id: string) => database.db.selectFrom('devEchoRuns').select('jobId').where('jobId', '=', id).execute();

  let processor: WebhookProcessor;
  beforeAll(async () => {
    database = await openTestDatabase();
    handlers.registerWebhookHandler('test.effect', effect);
    processor = new WebhookProcessor({ db: database.db, clock, repository, handlers });
  });
  afterAll(() => database.close());

  it('stores an event id once', async () => {
    expect(await store('evt_once', 'test.effect')).toBe(true);
    expect(await store('evt_once', 'test.effect')).toBe(false);
  });

  it('runs the handlers once, then finds the event processed', async () => {
    expect(await processor.process('evt_once')).toBe('processed');
    expect(await processor.process('evt_once')).toBe('already_processed');
    expect(await effects('evt_once')).toHaveLength(1);
    expect(await repository.find(database.db, 'evt_once')).toMatchObject({ processedAt: clock.now(), attempts: 1, lastError: null });
  });

  it('rolls a failed attempt back, counts it with its error, and succeeds on the retry', async () => {
    await store('evt_flaky', 'test.effect');
    failuresLeft = 1;
    await expect(processor.process('evt_flaky')).rejects.toThrow('the handler failed');
    expect(await effects('evt_flaky')).toHaveLength(0);
    expect(await repository.find(database.db, 'evt_flaky')).toMatchObject({ processedAt: null, attempts: 1, lastError: 'the handler failed\uFFFD once' });

    clock.advance(60_000);
    expect(await processor.process('evt_flaky')).toBe('processed');
    expect(await effects('evt_flaky')).toHaveLength(1);
    expect(await repository.find(database.db, 'evt_flaky')).toMatchObject({ processedAt: clock.now(), attempts: 2, lastError: null });
  });

  it('processes the same event once when two workers race for it', async () => {
    await store('evt_race', 'test.effect');
    const outcomes = await Promise.all([processor.process('evt_race'), processor.process('evt_race')]);
    expect(outcomes.sort()).toEqual(['already_processed', 'processed']);
    expect(await effects('evt_race')).toHaveLength(1);
  });

  it("hands over Stripe's fields as Stripe named them", async () => {
    const received: WebhookEvent[] = [];
    handlers.registerWebhookHandler('account.updated', async (event) => void received.push(event));
    const payload = {
      id: 'evt_names',
      object: 'event',
      type: 'account.updated',
      account: 'acct_1',
      created: 1_700_000_000,
      data: { object: { id: 'acct_1', charges_enabled: true, requirements: { currently_due: [] } }, previous_attributes: { charges_enabled: false } },
    };
    const parsed = parseWebhookEvent(payload);
    if (!parsed.ok) throw new Error('bad test event');
    await repository.insertIfNew(database.db, parsed.event, payload, clock.now());
    expect(await processor.process('evt_names')).toBe('processed');
    expect(received).toEqual([parsed.event]);
    expect(received[0]!.object).toEqual({ id: 'acct_1', charges_enabled: true, requirements: { currently_due: [] } });
    expect((await repository.find(database.db, 'evt_names'))?.payload).toEqual(payload);
  });

  it('marks a type nobody handles processed, and ignores an id it never stored', async () => {
    await store('evt_nobody', 'customer.created');
    expect(await processor.process('evt_nobody')).toBe('processed');
    expect(seen).not.toContain('evt_nobody');
    expect(await processor.process('evt_missing')).toBe('unknown_event');
  });
});
