import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { listOutboxSms, MAGIC_NUMBER_ERRORS, OutboxSms } from './outbox.ts';
import { SmsError } from './sms.port.ts';

/** The local SMS provider: Twilio-shaped ids, idempotency, and Twilio's magic test numbers. */
describe('OutboxSms', () => {
  let database: Database;
  let outbox: OutboxSms;
  const clock = new ControllableClock('2026-01-15T15:00:00Z');

  beforeAll(async () => {
    database = await openTestDatabase();
    outbox = new OutboxSms({ db: database.db, clock });
  });
  afterAll(() => database.close());

  const rejection = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as SmsError,
    );

  it('stores each message with a Twilio-like sid and answers queued', async () => {
    const result = await outbox.send({ to: '+12125550100', body: 'Hello € world', idempotencyKey: 'k-1' });
    expect(result.status).toBe('queued');
    expect(result.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(await listOutboxSms(database.db, { to: '+12125550100', limit: 5 })).toEqual([
      {
        id: result.providerMessageId,
        to: '+12125550100',
        from: '+15005550006',
        body: 'Hello € world',
        segments: 1,
        createdAt: clock.now(),
      },
    ]);
  });

  it('returns the first message for a repeated idempotency key, and refuses reuse for another message', async () => {
    const first = await outbox.send({ to: '+12125550101', body: 'Once', idempotencyKey: 'k-2' });
    clock.advance(5_000);
    const again = await outbox.send({ to: '+12125550101', body: 'Once', idempotencyKey: 'k-2' });
    expect(again).toEqual(first);
    expect(await listOutboxSms(database.db, { to: '+12125550101', limit: 5 })).toHaveLength(1);

    const misuse = await rejection(outbox.send({ to: '+12125550101', body: 'Something else', idempotencyKey: 'k-2' }));
    expect(misuse).toBeInstanceOf(SmsError);
    expect(misuse).toMatchObject({ kind: 'permanent' });
  });

  it.each(Object.entries(MAGIC_NUMBER_ERRORS))('reproduces Twilio’s magic number %s as permanent error', async (to, expected) => {
    const error = await rejection(outbox.send({ to, body: 'x', idempotencyKey: `magic-${to}` }));
    expect(error).toBeInstanceOf(SmsError);
    expect(error).toMatchObject({
      kind: 'permanent',
      providerCode: expected.code,
      message: `Twilio error ${expected.code}: ${expected.message}`,
    });
    expect(await listOutboxSms(database.db, { to, limit: 5 })).toEqual([]);
  });

  it('knows the documented magic numbers', () => {
    expect(Object.fromEntries(Object.entries(MAGIC_NUMBER_ERRORS).map(([to, { code }]) => [to, code]))).toEqual({
      '+15005550001': 21211,
      '+15005550002': 21612,
      '+15005550003': 21408,
      '+15005550004': 21610,
      '+15005550009': 21614,
    });
  });

  it('refuses what Twilio refuses at the API', async () => {
    expect(await rejection(outbox.send({ to: '2125550100', body: 'x', idempotencyKey: 'bad-to' }))).toMatchObject({
      providerCode: 21211,
      kind: 'permanent',
    });
    expect(await rejection(outbox.send({ to: '+12125550100', body: '', idempotencyKey: 'empty' }))).toMatchObject({
      providerCode: 21602,
    });
    expect(await rejection(outbox.send({ to: '+12125550100', body: 'a'.repeat(1601), idempotencyKey: 'long' }))).toMatchObject({
      providerCode: 21617,
    });
  });

  it('lists newest first, even within the same instant, and filters by recipient', async () => {
    const to = '+13105550100';
    for (const body of ['one', 'two', 'three']) await outbox.send({ to, body, idempotencyKey: `order-${body}` });
    await outbox.send({ to: '+13105550101', body: 'other', idempotencyKey: 'order-other' });
    expect((await listOutboxSms(database.db, { to, limit: 10 })).map((item) => item.body)).toEqual(['three', 'two', 'one']);
    expect((await listOutboxSms(database.db, { limit: 2 })).map((item) => item.body)).toEqual(['other', 'three']);
    // Long bodies are stored with their segment count.
    const { providerMessageId } = await outbox.send({ to, body: 'ж'.repeat(71), idempotencyKey: 'order-long' });
    expect((await listOutboxSms(database.db, { to, limit: 1 }))[0]).toMatchObject({ id: providerMessageId, segments: 2 });
  });
});
