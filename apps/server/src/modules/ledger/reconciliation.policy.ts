/**
 * Reconciliation (PRODUCT.md §6: "the books reconcile with the payment provider"): the
 * provider's balance transactions on the platform's account against the ledger transactions
 * that name provider ids. Pure: both lists in, every difference out.
 *
 * Matching: a ledger transaction names the provider objects its step produced (`providerIds`:
 * a charge `ch_…`, a refund `re_…`, a transfer `tr_…`, or balance transaction ids `txn_…`); a
 * provider balance transaction belongs to it when its own id or its source is among them. One
 * ledger step may own several balance transactions (a refund and its transfer reversal).
 *
 * Compared per ledger transaction, in the ledger's terms:
 * - net: what reached or left the platform's balance = provider Σ(amount − fee), ledger Σ of
 *   its provider_pending and provider_cash lines;
 * - fee: the provider's processing fees = provider Σ fee (plus the whole amount, negated, of a
 *   fee charged on its own, e.g. `stripe_fee`), ledger Σ of its provider_fees lines.
 *
 * Differences: a provider balance transaction no ledger step names (missing_in_ledger), a
 * ledger step the provider has nothing for (missing_at_provider), a step whose net or fee
 * differ (amount_mismatch), and a balance transaction named by two ledger steps
 * (claimed_twice: the same money counted twice).
 */
export interface ProviderBalanceTransaction {
  id: string;
  /** Gross, signed as the provider signs it: positive into the balance, negative out. */
  amountCents: number;
  feeCents: number;
  type: string;
  /** The object that caused it (`ch_…`, `re_…`, `tr_…`, `po_…`), when there is one. */
  source: string | null;
  createdMs: number;
}

export interface LedgerProviderMovement {
  transactionId: string;
  reference: string;
  providerIds: readonly string[];
  /** Σ of the transaction's provider_pending and provider_cash lines. */
  netCents: number;
  /** Σ of its provider_fees lines. */
  feeCents: number;
  occurredMs: number;
}

export type ReconciliationDifference =
  | { kind: 'missing_in_ledger'; providerTransactionId: string; source: string | null; type: string; netCents: number; feeCents: number }
  | { kind: 'missing_at_provider'; ledgerTransactionId: string; reference: string; providerIds: readonly string[]; netCents: number; feeCents: number }
  | {
      kind: 'amount_mismatch';
      ledgerTransactionId: string;
      reference: string;
      providerTransactionIds: string[];
      ledger: { netCents: number; feeCents: number };
      provider: { netCents: number; feeCents: number };
    }
  | { kind: 'claimed_twice'; providerTransactionId: string; ledgerTransactionIds: string[]; references: string[] };

/** Balance transaction types that are a provider fee charged on its own: their amount is the (negated) fee. */
export const STANDALONE_FEE_TYPES: ReadonlySet<string> = new Set(['stripe_fee', 'tax_fee']);

/** A provider balance transaction in the ledger's terms. */
export function inLedgerTerms(transaction: ProviderBalanceTransaction): { netCents: number; feeCents: number } {
  const standalone = STANDALONE_FEE_TYPES.has(transaction.type) ? 0 - transaction.amountCents : 0;
  return { netCents: transaction.amountCents - transaction.feeCents, feeCents: transaction.feeCents + standalone };
}

/**
 * Every difference between the two sides. Both lists may reach back before `fromMs` so that a
 * step recorded just before the window still finds its match; differences are reported only
 * for what happened at or after `fromMs`.
 */
export function reconcile(input: {
  provider: readonly ProviderBalanceTransaction[];
  ledger: readonly LedgerProviderMovement[];
  fromMs: number;
}): ReconciliationDifference[] {
  const owners = new Map<string, LedgerProviderMovement[]>();
  for (const movement of input.ledger) {
    for (const providerId of new Set(movement.providerIds)) owners.set(providerId, [...(owners.get(providerId) ?? []), movement]);
  }
  const matched = new Map<string, ProviderBalanceTransaction[]>();
  const differences: ReconciliationDifference[] = [];

  for (const transaction of input.provider) {
    // Its own id or its source: a ledger step naming both must still count it once.
    const claimants = [...new Map([...(owners.get(transaction.id) ?? []), ...(transaction.source ? (owners.get(transaction.source) ?? []) : [])].map((movement) => [movement.transactionId, movement])).values()];
    const reported = transaction.createdMs >= input.fromMs;
    if (claimants.length === 0) {
      if (reported) differences.push({ kind: 'missing_in_ledger', providerTransactionId: transaction.id, source: transaction.source, type: transaction.type, ...inLedgerTerms(transaction) });
      continue;
    }
    if (claimants.length > 1 && reported) {
      differences.push({ kind: 'claimed_twice', providerTransactionId: transaction.id, ledgerTransactionIds: claimants.map((c) => c.transactionId), references: claimants.map((c) => c.reference) });
    }
    for (const claimant of claimants) matched.set(claimant.transactionId, [...(matched.get(claimant.transactionId) ?? []), transaction]);
  }

  for (const movement of input.ledger) {
    if (movement.occurredMs < input.fromMs) continue;
    const own = matched.get(movement.transactionId);
    if (!own) {
      differences.push({ kind: 'missing_at_provider', ledgerTransactionId: movement.transactionId, reference: movement.reference, providerIds: movement.providerIds, netCents: movement.netCents, feeCents: movement.feeCents });
      continue;
    }
    const provider = own.map(inLedgerTerms).reduce((sum, next) => ({ netCents: sum.netCents + next.netCents, feeCents: sum.feeCents + next.feeCents }), { netCents: 0, feeCents: 0 });
    if (provider.netCents !== movement.netCents || provider.feeCents !== movement.feeCents) {
      differences.push({
        kind: 'amount_mismatch',
        ledgerTransactionId: movement.transactionId,
        reference: movement.reference,
        providerTransactionIds: own.map((transaction) => transaction.id),
        ledger: { netCents: movement.netCents, feeCents: movement.feeCents },
        provider,
      });
    }
  }
  return differences;
}
