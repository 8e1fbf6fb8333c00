import { describe, expect, it } from 'vitest';
import { parseWebhookEvent } from './webhook-event.ts';

const event = {
  id: 'evt_1Abc',
  object: 'event',
  type: 'account.updated',
  account: 'acct_123',
  created: 1_700_000_000,
  livemode: false,
  data: { object: { id: 'acct_123', object: 'account' }, previous_attributes: { charges_enabled: false } },
};

describe('reading a Stripe event', () => {
  it('takes what handlers need, in our words', () => {
    expect(parseWebhookEvent(event)).toEqual({
      ok: true,
      event: {
        id: 'evt_1Abc',
        type: 'account.updated',
        account: 'acct_123',
        created: new Date('2023-11-14T22:13:20Z'),
        livemode: false,
        object: { id: 'acct_123', object: 'account' },
        previousAttributes: { charges_enabled: false },
      },
    });
  });

  it('gives platform events no account and no previous attributes', () => {
    const { account: _a, ...platform } = event;
    const parsed = parseWebhookEvent({ ...platform, data: { object: {} } });
    expect(parsed).toMatchObject({ ok: true, event: { account: null, previousAttributes: null } });
  });

  it('names each field it cannot use', () => {
    const parsed = parseWebhookEvent({ ...event, id: 'ch_1', created: 'yesterday', data: {} });
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.field)).toEqual(['body.id', 'body.created', 'body.data.object']);
  });

  it('refuses what PostgreSQL cannot store', () => {
    const parsed = parseWebhookEvent({ ...event, data: { object: { name: 'a\u0000b' } } });
    expect(parsed).toMatchObject({ ok: false, errors: [{ field: 'body.data.object.name' }] });
  });
});
