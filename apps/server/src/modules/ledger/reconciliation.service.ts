import type { Clock } from '../../platform/clock.ts';
import type { LedgerRepository } from './ledger.repository.ts';
import { reconcile, type ProviderBalanceTransaction, type ReconciliationDifference } from './reconciliation.policy.ts';
import type { ProviderBalanceTransactions } from './reconciliation.ports.ts';

/**
 * Both sides read this much further back than the checked window, so a step recorded on one
 * side just before the window and on the other just inside it still meets its match.
 */
export const RECONCILIATION_REACH_BACK_MS = 24 * 60 * 60_000;

export interface ReconciliationReport {
  from: string;
  to: string;
  providerTransactions: number;
  ledgerTransactions: number;
  differences: ReconciliationDifference[];
}

/**
 * The books against the payment provider (PRODUCT.md §6): reads the provider's balance
 * transactions through the port and the ledger's provider movements, and lists every
 * difference (reconciliation.policy.ts). Reads only: it changes nothing on either side, so it
 * is safe to run as often as wanted.
 */
export class ReconciliationService {
  constructor(private readonly deps: { repository: LedgerRepository; provider: ProviderBalanceTransactions; clock: Clock }) {}

  async run(window: { fromMs: number }): Promise<ReconciliationReport> {
    const toMs = this.deps.clock.nowMs();
    const readFromMs = window.fromMs - RECONCILIATION_REACH_BACK_MS;
    const provider: ProviderBalanceTransaction[] = [];
    for await (const transaction of this.deps.provider.list(readFromMs)) provider.push(transaction);
    const movements = await this.deps.repository.providerMovements(new Date(readFromMs));
    const ledger = movements.map((row) => ({
      transactionId: row.transactionId,
      reference: row.reference,
      providerIds: row.providerIds,
      netCents: row.netCents,
      feeCents: row.feeCents,
      occurredMs: row.occurredAt.getTime(),
    }));
    const differences = reconcile({ provider, ledger, fromMs: window.fromMs });
    return {
      from: new Date(window.fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      providerTransactions: provider.filter((transaction) => transaction.createdMs >= window.fromMs).length,
      ledgerTransactions: ledger.filter((movement) => movement.occurredMs >= window.fromMs).length,
      differences,
    };
  }
}
