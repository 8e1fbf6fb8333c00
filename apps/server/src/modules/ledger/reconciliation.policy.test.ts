import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inLedgerTerms, reconcile, type LedgerProviderMovement, type ProviderBalanceTransaction } from './reconciliation.policy.ts';

const T0 = Date.UTC(2026, 10, 23, 15);
const HOUR = 3_600_000;

const txn = (overrides: Partial<ProviderBalanceTransaction> & Pick<ProviderBalanceTransaction, 'id'>): ProviderBalanceTransaction => ({
  amountCents: 8_960,
  feeCents: 290,
  type: 'charge',
  source: null,
  createdMs: T0,
  ...overrides,
});
const movement = (overrides: Partial<LedgerProviderMovement> & Pick<LedgerProviderMovement, 'transactionId' | 'providerIds'>): LedgerProviderMovement => ({
  reference: `ref:${overrides.transactionId}`,
  netCents: 8_670,
  feeCents: 290,
  occurredMs: T0,
  ...overrides,
});

/** A consistent day: capture with fee, destination transfer, refund with its transfer reversal, a standalone fee. */
const provider: ProviderBalanceTransaction[] = [
  txn({ id: 'txn_charge', source: 'ch_1', type: 'charge', amountCents: 8_960, feeCents: 290 }),
  txn({ id: 'txn_transfer', source: 'tr_1', type: 'transfer', amountCents: -6_800, feeCents: 0 }),
  txn({ id: 'txn_refund', source: 're_1', type: 'refund', amountCents: -8_960, feeCents: 0, createdMs: T0 + HOUR }),
  txn({ id: 'txn_reversal', source: 'trr_1', type: 'transfer_reversal', amountCents: 6_800, feeCents: 0, createdMs: T0 + HOUR }),
  txn({ id: 'txn_fee', source: null, type: 'stripe_fee', amountCents: -1_500, feeCents: 0 }),
];
const ledger: LedgerProviderMovement[] = [
  movement({ transactionId: 'L1', providerIds: ['ch_1'], netCents: 8_670, feeCents: 290 }),
  movement({ transactionId: 'L2', providerIds: ['tr_1'], netCents: -6_800, feeCents: 0 }),
  movement({ transactionId: 'L3', providerIds: ['re_1', 'trr_1'], netCents: -2_160, feeCents: 0, occurredMs: T0 + HOUR }),
  movement({ transactionId: 'L4', providerIds: ['txn_fee'], netCents: -1_500, feeCents: 1_500 }),
];

describe('reconciliation', () => {
  it('agreeing books have no difference (matched by source or by balance transaction id, one step owning several)', () => {
    expect(reconcile({ provider, ledger, fromMs: T0 })).toEqual([]);
  });

  it('a provider fee charged on its own counts as fee, not as gross', () => {
    expect(inLedgerTerms(txn({ id: 'x', type: 'stripe_fee', amountCents: -1_500, feeCents: 0 }))).toEqual({ netCents: -1_500, feeCents: 1_500 });
    expect(inLedgerTerms(txn({ id: 'y', type: 'charge', amountCents: 8_960, feeCents: 290 }))).toEqual({ netCents: 8_670, feeCents: 290 });
  });

  it('finds a charge the ledger never recorded', () => {
    const planted = txn({ id: 'txn_lost', source: 'ch_9', amountCents: 5_000, feeCents: 175 });
    expect(reconcile({ provider: [...provider, planted], ledger, fromMs: T0 })).toEqual([
      { kind: 'missing_in_ledger', providerTransactionId: 'txn_lost', source: 'ch_9', type: 'charge', netCents: 4_825, feeCents: 175 },
    ]);
  });

  it('finds a ledger step the provider knows nothing of', () => {
    const planted = movement({ transactionId: 'L9', reference: 'booking:B9:capture', providerIds: ['ch_ghost'], netCents: 100, feeCents: 0 });
    expect(reconcile({ provider, ledger: [...ledger, planted], fromMs: T0 })).toEqual([
      { kind: 'missing_at_provider', ledgerTransactionId: 'L9', reference: 'booking:B9:capture', providerIds: ['ch_ghost'], netCents: 100, feeCents: 0 },
    ]);
  });

  it('finds an amount or a fee that differs', () => {
    const wrongNet = ledger.map((m) => (m.transactionId === 'L3' ? { ...m, netCents: -2_060 } : m));
    expect(reconcile({ provider, ledger: wrongNet, fromMs: T0 })).toEqual([
      {
        kind: 'amount_mismatch',
        ledgerTransactionId: 'L3',
        reference: 'ref:L3',
        providerTransactionIds: ['txn_refund', 'txn_reversal'],
        ledger: { netCents: -2_060, feeCents: 0 },
        provider: { netCents: -2_160, feeCents: 0 },
      },
    ]);
    const wrongFee = provider.map((t) => (t.id === 'txn_charge' ? { ...t, feeCents: 300 } : t));
    expect(reconcile({ provider: wrongFee, ledger, fromMs: T0 })).toMatchObject([
      { kind: 'amount_mismatch', ledgerTransactionId: 'L1', ledger: { netCents: 8_670, feeCents: 290 }, provider: { netCents: 8_660, feeCents: 300 } },
    ]);
  });

  it('finds money counted twice: one balance transaction named by two ledger steps', () => {
    const twice = [...ledger, movement({ transactionId: 'L5', reference: 'booking:B1:capture-again', providerIds: ['ch_1'] })];
    expect(reconcile({ provider, ledger: twice, fromMs: T0 })).toEqual([
      { kind: 'claimed_twice', providerTransactionId: 'txn_charge', ledgerTransactionIds: ['L1', 'L5'], references: ['ref:L1', 'booking:B1:capture-again'] },
    ]);
  });

  it('a step naming both a balance transaction and its source counts it once', () => {
    const both = ledger.map((m) => (m.transactionId === 'L1' ? { ...m, providerIds: ['ch_1', 'txn_charge'] } : m));
    expect(reconcile({ provider, ledger: both, fromMs: T0 })).toEqual([]);
  });

  it('reports only what happened in the window, but matches against what came before it', () => {
    // The capture happened before the window; the refund in it still matches.
    expect(reconcile({ provider, ledger, fromMs: T0 + HOUR })).toEqual([]);
    const lostBefore = txn({ id: 'txn_old', source: 'ch_old', createdMs: T0 - HOUR });
    const ghostBefore = movement({ transactionId: 'L0', providerIds: ['ch_none'], occurredMs: T0 - HOUR });
    expect(reconcile({ provider: [...provider, lostBefore], ledger: [...ledger, ghostBefore], fromMs: T0 })).toEqual([]);
    expect(reconcile({ provider: [...provider, lostBefore], ledger: [...ledger, ghostBefore], fromMs: T0 - HOUR }).map((d) => d.kind).sort()).toEqual([
      'missing_at_provider',
      'missing_in_ledger',
    ]);
  });

  it('for any set of charges recorded faithfully, removing one from either side is found', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ n: fc.integer({ min: 1, max: 1_000_000 }), amount: fc.integer({ min: 1, max: 1_000_000 }), fee: fc.integer({ min: 0, max: 1_000 }) }), { minLength: 1, maxLength: 30, selector: (r) => r.n }),
        fc.nat(),
        fc.boolean(),
        (charges, pick, fromProvider) => {
          const p = charges.map((c) => txn({ id: `txn_${c.n}`, source: `ch_${c.n}`, amountCents: c.amount, feeCents: c.fee }));
          const l = charges.map((c) => movement({ transactionId: `L${c.n}`, providerIds: [`ch_${c.n}`], netCents: c.amount - c.fee, feeCents: c.fee }));
          expect(reconcile({ provider: p, ledger: l, fromMs: T0 })).toEqual([]);
          const index = pick % charges.length;
          const removed = charges[index]!;
          const found = fromProvider
            ? reconcile({ provider: p.filter((_, i) => i !== index), ledger: l, fromMs: T0 })
            : reconcile({ provider: p, ledger: l.filter((_, i) => i !== index), fromMs: T0 });
          expect(found).toHaveLength(1);
          expect(found[0]).toMatchObject(fromProvider ? { kind: 'missing_at_provider', ledgerTransactionId: `L${removed.n}` } : { kind: 'missing_in_ledger', providerTransactionId: `txn_${removed.n}` });
        },
      ),
    );
  });
});
