import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { onboardedAccount, useHarness, type Harness } from './testing/harness.ts';

const holder = useHarness({ beforeAll, beforeEach, afterAll });
let h: Harness;
beforeEach(() => {
  h = holder.current;
});

/** Keys the endpoints know, with brackets, plus nonsense, so that bodies reach deep into validation. */
const keys = [
  'amount', 'currency', 'customer', 'payment_method', 'capture_method', 'confirm', 'off_session', 'transfer_data[destination]',
  'transfer_data[amount]', 'application_fee_amount', 'metadata[a]', 'metadata', 'expand[0]', 'expand[]', 'amount_to_capture',
  'cancellation_reason', 'reverse_transfer', 'refund_application_fee', 'charge', 'payment_intent', 'type', 'card[number]',
  'card[exp_month]', 'card[exp_year]', 'card[cvc]', 'limit', 'starting_after', 'usage', 'destination', 'method', 'x[y][z]', 'a[]',
];
const values = fc.oneof(
  fc.constantFrom('', '0', '-1', '50', '1000', '99999999999999999999', 'true', 'false', 'usd', 'manual', 'pm_card_visa', 'pm_card_nope', 'acct_x', 'cus_x', 'latest_charge', 'card', '4242424242424242', '12', '2030'),
  fc.string({ maxLength: 8 }),
);
const bodies = fc
  .array(fc.tuple(fc.constantFrom(...keys), values), { maxLength: 8 })
  .map((pairs) => pairs.map(([key, value]) => `${encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(value)}`).join('&'));

describe('arbitrary requests', () => {
  it('are answered with 2xx or Stripe-shaped 4xx, never 5xx', async () => {
    const account = await onboardedAccount(h);
    const intent = await h.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
    const paths = [
      ['POST', '/v1/payment_intents'],
      ['POST', `/v1/payment_intents/${intent.id}/capture`],
      ['POST', `/v1/payment_intents/${intent.id}/cancel`],
      ['POST', `/v1/payment_intents/${intent.id}/confirm`],
      ['POST', '/v1/refunds'],
      ['POST', '/v1/payment_methods'],
      ['POST', '/v1/setup_intents'],
      ['POST', '/v1/customers'],
      ['POST', '/v1/transfers'],
      ['POST', '/v1/payouts'],
      ['GET', '/v1/events'],
      ['GET', '/v1/balance_transactions'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), bodies, fc.boolean(), async ([method, path], body, connected) => {
        const headers: Record<string, string> = { Authorization: 'Bearer sk_test_fuzz', 'Content-Type': 'application/x-www-form-urlencoded' };
        if (connected) headers['Stripe-Account'] = account;
        const url = method === 'GET' ? `https://api.stripe.com${path}?${body}` : `https://api.stripe.com${path}`;
        const response = await h.local.fetch(url, { method, headers, ...(method === 'POST' ? { body } : {}) });
        const json = await response.json();
        expect(response.status, `${method} ${path} ${body}`).toBeLessThan(500);
        if (response.status >= 400) {
          expect(typeof json.error.type).toBe('string');
          expect(typeof json.error.message).toBe('string');
        }
      }),
      { numRuns: 300, seed: 20261130 },
    );
  });
});
