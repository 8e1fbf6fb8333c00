import fc from 'fast-check';
import type Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { onboardedAccount, useHarness, type Harness } from './testing/harness.ts';

const holder = useHarness({ beforeAll, beforeEach, afterAll });
let h: Harness;
beforeEach(() => {
  h = holder.current;
});

type Operation =
  | { kind: 'authorize'; amount: number; fee: number; card: string; destination: boolean }
  | { kind: 'capture'; pick: number; share: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'refund'; pick: number; share: number; reverse: boolean; refundFee: boolean }
  | { kind: 'transfer'; amount: number }
  | { kind: 'reverse'; pick: number; share: number; refundFee: boolean }
  | { kind: 'payout'; amount: number; instant: boolean }
  | { kind: 'advance'; hours: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constant('authorize' as const),
    amount: fc.integer({ min: 50, max: 50000 }),
    fee: fc.integer({ min: 0, max: 5000 }),
    card: fc.constantFrom('pm_card_visa', 'pm_card_visa', 'pm_card_mastercard', 'pm_card_visa_chargeDeclined', 'pm_card_authenticationRequired'),
    destination: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('capture' as const), pick: fc.nat(), share: fc.double({ min: 0.01, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('refund' as const), pick: fc.nat(), share: fc.double({ min: 0.01, max: 1, noNaN: true }), reverse: fc.boolean(), refundFee: fc.boolean() }),
  fc.record({ kind: fc.constant('transfer' as const), amount: fc.integer({ min: 1, max: 5000 }) }),
  fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat(), share: fc.double({ min: 0.01, max: 1, noNaN: true }), refundFee: fc.boolean() }),
  fc.record({ kind: fc.constant('payout' as const), amount: fc.integer({ min: 1, max: 20000 }), instant: fc.boolean() }),
  fc.record({ kind: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 200 }) }),
);

async function all<T>(list: (params: Stripe.PaginationParams) => Promise<Stripe.ApiList<T & { id: string }>>): Promise<T[]> {
  const items: (T & { id: string })[] = [];
  for (;;) {
    const page = await list({ limit: 100, ...(items.length ? { starting_after: items.at(-1)!.id } : {}) });
    items.push(...page.data);
    if (!page.has_more) return items;
  }
}

/** Answers of the local Stripe that are Stripe errors (4xx) are part of the game; anything else fails the test. */
async function attempt(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === undefined || status >= 500) throw error;
  }
}

async function checkInvariants(account: string): Promise<void> {
  let everyone = 0;
  for (const stripeAccount of [undefined, account]) {
    const options = stripeAccount ? { stripeAccount } : {};
    const transactions = await all<Stripe.BalanceTransaction>((page) => h.stripe.balanceTransactions.list(page, options));
    const balance = await h.stripe.balance.retrieve({}, options);
    const total = (balance.available[0]?.amount ?? 0) + (balance.pending[0]?.amount ?? 0);
    // Every balance is exactly the sum of its account's balance transactions.
    expect(total).toBe(transactions.reduce((sum, txn) => sum + txn.net, 0));
    everyone += total;
  }
  // Money only enters by captures and leaves by refunds, Stripe's fees and payouts: transfers,
  // reversals and application fees move it between accounts without creating or losing a cent.
  const platformTransactions = await all<Stripe.BalanceTransaction>((page) => h.stripe.balanceTransactions.list(page));
  const captured = platformTransactions.filter((txn) => txn.type === 'charge').reduce((sum, txn) => sum + txn.amount - txn.fee, 0);
  const refunded = (await all<Stripe.Refund>((page) => h.stripe.refunds.list(page))).reduce((sum, refund) => sum + refund.amount, 0);
  const paidOut = (await all<Stripe.Payout>((page) => h.stripe.payouts.list(page, { stripeAccount: account })))
    .filter((payout) => payout.status !== 'failed' && payout.status !== 'canceled')
    .reduce((sum, payout) => sum + payout.amount, 0);
  expect(everyone).toBe(captured - refunded - paidOut);
  for (const charge of await all<Stripe.Charge>((page) => h.stripe.charges.list(page))) {
    if (charge.captured) {
      expect(charge.amount_captured).toBeLessThanOrEqual(charge.amount);
      expect(charge.amount_refunded).toBeLessThanOrEqual(charge.amount_captured);
      expect(charge.refunded).toBe(charge.amount_refunded === charge.amount_captured);
    }
  }
  for (const transfer of await all<Stripe.Transfer>((page) => h.stripe.transfers.list(page))) {
    expect(transfer.amount_reversed).toBeLessThanOrEqual(transfer.amount);
    expect(transfer.reversed).toBe(transfer.amount_reversed === transfer.amount);
    expect(transfer.reversals.data.reduce((sum, reversal) => sum + reversal.amount, 0)).toBe(transfer.amount_reversed);
  }
  for (const fee of await all<Stripe.ApplicationFee>((page) => h.stripe.applicationFees.list(page))) {
    expect(fee.amount_refunded).toBeLessThanOrEqual(fee.amount);
    expect(fee.refunded).toBe(fee.amount_refunded === fee.amount);
  }
  for (const intent of await all<Stripe.PaymentIntent>((page) => h.stripe.paymentIntents.list(page))) {
    if (intent.status === 'requires_capture') expect(intent.amount_capturable).toBe(intent.amount);
    if (intent.status === 'succeeded') {
      const charge = await h.stripe.charges.retrieve(intent.latest_charge as string);
      expect(intent.amount_received).toBe(charge.amount_captured);
    }
    if (intent.status === 'canceled') expect(intent.amount_capturable).toBe(0);
  }
}

describe('money invariants over random sequences of operations', () => {
  it('balances equal their transactions, refunds and reversals never exceed what they undo', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (operations) => {
        await h.reset();
        const account = await onboardedAccount(h);
        const intents: string[] = [];
        const charges: string[] = [];
        const transfers: string[] = [];
        const pick = <T>(list: T[], index: number) => (list.length ? list[index % list.length] : undefined);
        for (const op of operations) {
          if (op.kind === 'authorize') {
            await attempt(async () => {
              const intent = await h.stripe.paymentIntents.create({
                amount: op.amount,
                currency: 'usd',
                capture_method: 'manual',
                payment_method: op.card,
                confirm: true,
                ...(op.destination ? { transfer_data: { destination: account }, application_fee_amount: Math.min(op.fee, op.amount) } : {}),
              });
              intents.push(intent.id);
            });
          } else if (op.kind === 'capture') {
            const id = pick(intents, op.pick);
            if (!id) continue;
            await attempt(async () => {
              const intent = await h.stripe.paymentIntents.retrieve(id);
              const captured = await h.stripe.paymentIntents.capture(id, { amount_to_capture: Math.max(1, Math.round(intent.amount * op.share)) });
              charges.push(captured.latest_charge as string);
            });
          } else if (op.kind === 'cancel') {
            const id = pick(intents, op.pick);
            if (id) await attempt(() => h.stripe.paymentIntents.cancel(id));
          } else if (op.kind === 'refund') {
            const id = pick(charges, op.pick);
            if (!id) continue;
            await attempt(async () => {
              const charge = await h.stripe.charges.retrieve(id);
              const amount = Math.max(1, Math.round((charge.amount_captured - charge.amount_refunded) * op.share));
              await h.stripe.refunds.create({ charge: id, amount, reverse_transfer: op.reverse, refund_application_fee: op.refundFee });
            });
          } else if (op.kind === 'transfer') {
            await attempt(async () => transfers.push((await h.stripe.transfers.create({ amount: op.amount, currency: 'usd', destination: account })).id));
            // Destination charges' transfers may be reversed directly too.
            for (const charge of charges) {
              const transfer = (await h.stripe.charges.retrieve(charge)).transfer;
              if (typeof transfer === 'string' && !transfers.includes(transfer)) transfers.push(transfer);
            }
          } else if (op.kind === 'reverse') {
            const id = pick(transfers, op.pick);
            if (!id) continue;
            await attempt(async () => {
              const transfer = await h.stripe.transfers.retrieve(id);
              await h.stripe.transfers.createReversal(id, {
                amount: Math.max(1, Math.round((transfer.amount - transfer.amount_reversed) * op.share)),
                refund_application_fee: op.refundFee,
              });
            });
          } else if (op.kind === 'payout') {
            await attempt(() => h.stripe.payouts.create({ amount: op.amount, currency: 'usd', method: op.instant ? 'instant' : 'standard' }, { stripeAccount: account }));
          } else {
            h.clock.advanceSeconds(op.hours * 3600);
            await h.local.expireAuthorizations();
            await h.local.advancePayouts();
          }
        }
        await checkInvariants(account);
      }),
      { numRuns: 25, seed: 424242 },
    );
  });
});
