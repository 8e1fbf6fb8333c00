import type Stripe from 'stripe';
import { stripeClient, translate } from './stripe-payments.adapter.ts';

/** One movement of the platform's balance at the provider, in our words. */
export interface BalanceTransaction {
  id: string;
  /** Gross, signed: positive into the balance, negative out. */
  amountCents: number;
  /** The provider's own fee on it (2.9% + 30¢ for US cards). */
  feeCents: number;
  type: string;
  /** The object that caused it (`ch_…`, `re_…`, `tr_…`, `po_…`), when there is one. */
  source: string | null;
  createdMs: number;
}

/**
 * The platform account's balance transactions since a time, every page (`GET
 * /v1/balance_transactions?created[gte]=`), for the ledger's reconciliation. The same SDK and
 * connection as the payments adapter: Stripe itself, or the local Stripe through its fetch.
 */
export class StripeBalanceTransactions {
  private readonly stripe: Stripe;

  constructor(connection: { secretKey: string; fetch?: typeof fetch }) {
    // Reads only: the SDK may retry them.
    this.stripe = stripeClient({ ...connection, maxNetworkRetries: 2 });
  }

  async *list(sinceMs: number): AsyncIterable<BalanceTransaction> {
    try {
      for await (const transaction of this.stripe.balanceTransactions.list({ created: { gte: Math.floor(sinceMs / 1000) }, limit: 100 })) {
        yield {
          id: transaction.id,
          amountCents: transaction.amount,
          feeCents: transaction.fee,
          type: transaction.type,
          source: typeof transaction.source === 'string' ? transaction.source : (transaction.source?.id ?? null),
          createdMs: transaction.created * 1000,
        };
      }
    } catch (error) {
      throw translate(error);
    }
  }
}
