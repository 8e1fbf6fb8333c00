import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { EmailDeliveryError, type OutgoingEmail } from './email.port.ts';
import { OutboxEmailAdapter } from './outbox.ts';

/** The local outbox keeps Resend's idempotency contract, on the real database. */
describe('local email outbox', () => {
  let database: Database;
  let outbox: OutboxEmailAdapter;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');

  const email = (overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
    to: 'ana@example.com',
    from: 'InstaInstru <hello@instainstru.local>',
    subject: 'Verify your email address',
    html: '<p>Hi Ana</p>',
    text: 'Hi Ana',
    tags: { template: 'verify_email', message_id: 'm1' },
    idempotencyKey: `email:${Math.random()}`,
    ...overrides,
  });

  const count = async (key: string) =>
    (await database.db.selectFrom('outboxEmails').select((eb) => eb.fn.countAll<number>().as('n')).where('idempotencyKey', '=', key).executeTakeFirstOrThrow()).n;

  beforeAll(async () => {
    database = await openTestDatabase();
    outbox = new OutboxEmailAdapter({ db: database.db, clock, ids: createIdGenerator(clock) });
  });
  afterAll(() => database.close());

  it('is the fake adapter and stores what it delivers', async () => {
    expect(outbox.mode).toBe('fake');
    const message = email({ to: 'store@example.com', idempotencyKey: 'email:store' });
    const { providerMessageId } = await outbox.send(message);
    expect(providerMessageId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    const [stored] = await outbox.list({ to: 'store@example.com', limit: 10 });
    expect(stored).toEqual({
      id: providerMessageId,
      to: 'store@example.com',
      from: message.from,
      subject: message.subject,
      html: message.html,
      text: message.text,
      tags: message.tags,
      createdAt: clock.now(),
    });
  });

  it('answers a repeated key with the same message with the first id and stores nothing new', async () => {
    const message = email({ idempotencyKey: 'email:repeat' });
    const first = await outbox.send(message);
    const again = await outbox.send({ ...message, tags: { message_id: 'm1', template: 'verify_email' } });
    expect(again).toEqual(first);
    expect(Number(await count('email:repeat'))).toBe(1);
  });

  it('refuses the same key with a different message, permanently, like Resend’s 409', async () => {
    const message = email({ idempotencyKey: 'email:conflict' });
    await outbox.send(message);
    for (const changed of [{ subject: 'Something else' }, { to: 'other@example.com' }, { html: '<p>Hi</p>' }, { tags: { template: 'other' } }]) {
      const error = await outbox.send({ ...message, ...changed }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EmailDeliveryError);
      expect(error).toMatchObject({ retryable: false, code: 'invalid_idempotent_request' });
    }
    expect(Number(await count('email:conflict'))).toBe(1);
  });

  it('delivers once when the same message is sent concurrently (races only on PostgreSQL; PGlite serializes)', async () => {
    const message = email({ idempotencyKey: 'email:concurrent' });
    const results = await Promise.all([outbox.send(message), outbox.send(message), outbox.send(message)]);
    expect(new Set(results.map((r) => r.providerMessageId)).size).toBe(1);
    expect(Number(await count('email:concurrent'))).toBe(1);
  });

  it('lists newest first, filters by recipient case-insensitively and honours the limit', async () => {
    for (const subject of ['first', 'second', 'third']) {
      clock.advance(60_000);
      await outbox.send(email({ to: 'List@Example.com', subject }));
    }
    const listed = await outbox.list({ to: 'list@example.com', limit: 10 });
    expect(listed.map((m) => m.subject)).toEqual(['third', 'second', 'first']);
    expect((await outbox.list({ to: 'LIST@EXAMPLE.COM', limit: 2 })).map((m) => m.subject)).toEqual(['third', 'second']);
    const everyone = await outbox.list({ limit: 100 });
    expect(everyone[0]!.subject).toBe('third');
    expect(everyone.length).toBeGreaterThan(3);
  });
});
