import type { ProviderBalanceTransaction } from './reconciliation.policy.ts';

/**
 * What reconciliation needs from the payment provider: the balance transactions of the
 * platform's own account created since a time (Stripe's `GET /v1/balance_transactions` with
 * `created[gte]`, every page). The payments integration implements it on its adapter.
 */
export interface ProviderBalanceTransactions {
  list(sinceMs: number): AsyncIterable<ProviderBalanceTransaction>;
}
