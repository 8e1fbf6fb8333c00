import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { signStripePayload } from './signature.ts';

describe('signStripePayload', () => {
  it('matches the recomputed vector of integrations.md §1.3', () => {
    expect(signStripePayload('whsec_test', '{"id":"evt_1","object":"event"}', 1700000000)).toBe(
      't=1700000000,v1=4c15fb2a43f93ef61eaa3e0893866d57cad9cad4223242cfb96f362480cb4021',
    );
  });

  it('is accepted by the official SDK, which refuses a tampered body and a stale timestamp', async () => {
    const stripe = new Stripe('sk_test_x');
    const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'payment_intent.succeeded', data: { object: {} } });
    // The SDK checks staleness against the real time; sign at that time so the check is meaningful.
    // eslint-disable-next-line no-restricted-properties
    const now = Math.floor(Date.now() / 1000);
    const header = signStripePayload('whsec_local', payload, now);
    const event = stripe.webhooks.constructEvent(payload, header, 'whsec_local');
    expect(event.type).toBe('payment_intent.succeeded');
    expect(() => stripe.webhooks.constructEvent(payload.replace('succeeded', 'canceled'), header, 'whsec_local')).toThrow(
      /No signatures found matching the expected signature/,
    );
    expect(() => stripe.webhooks.constructEvent(payload, signStripePayload('whsec_local', payload, now - 301), 'whsec_local')).toThrow(
      /Timestamp outside the tolerance zone/,
    );
    expect(() => stripe.webhooks.constructEvent(payload, signStripePayload('whsec_other', payload, now), 'whsec_local')).toThrow(
      /No signatures found matching/,
    );
  });
});
