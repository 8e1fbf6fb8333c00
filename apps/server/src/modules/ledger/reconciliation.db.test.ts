import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { insertInstructorUser } from '../instructors/instructors.testing.ts';
import { LedgerRepository } from './ledger.repository.ts';
import { LedgerService } from './ledger.service.ts';
import * as postings from './postings.policy.ts';
import type { ProviderBalanceTransaction } from './reconciliation.policy.ts';
import type { ProviderBalanceTransactions } from './reconciliation.ports.ts';
import { ReconciliationService } from './reconciliation.service.ts';

const HOUR = 3_600_000;

/** The provider's side as the port hands it over: the listed balance transactions created since the time asked. */
function providerListing(transactions: ProviderBalanceTransaction[]): ProviderBalanceTransactions & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    async *list(sinceMs) {
      asked.push(sinceMs);
      for (const transaction of transactions) if (transaction.createdMs >= sinceMs) yield transaction;
    },
  };
}

/** Reconciliation over books written by the ledger service on the real database, with planted differences. */
describe('reconciliation against the ledger', () => {
  let database: Database;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const ids = createIdGenerator(clock);
  let repository: LedgerRepository;
  const start = clock.nowMs();
  const provider: ProviderBalanceTransaction[] = [];

  beforeAll(async () => {
    database = await openTestDatabase();
    repository = new LedgerRepository(database.db);
    const ledger = new LedgerService({ repository, clock, ids });
    const instructorId = await insertInstructorUser(database.db, ids);
    const studentId = await insertInstructorUser(database.db, ids, { roles: ['student'] });
    const post = (p: postings.Posting) => database.db.transaction().execute((trx) => ledger.post(trx, p));

    // A lesson captured (destination charge) and its transfer, then refunded in full with the transfer reversed.
    clock.set(start + HOUR);
    await post(postings.lessonCaptured({ bookingId: 'B1', lessonCents: 8_000, bookingFeeCents: 960, commissionCents: 1_200, providerFeeCents: 290, instructorId, studentId, providerIds: ['ch_1'] }));
    await post(postings.instructorTransferred({ reference: 'booking:B1:transfer', instructorId, amountCents: 6_800, balance: 'pending', providerIds: ['tr_1'] }));
    provider.push(
      { id: 'txn_1', amountCents: 8_960, feeCents: 290, type: 'charge', source: 'ch_1', createdMs: start + HOUR },
      { id: 'txn_2', amountCents: -6_800, feeCents: 0, type: 'transfer', source: 'tr_1', createdMs: start + HOUR },
    );
    clock.set(start + 2 * HOUR);
    await post(postings.refundIssued({ bookingId: 'B1', refundId: 're_1', refundCents: 8_960, instructorReversedCents: 6_800, instructorId, providerIds: ['re_1', 'trr_1'] }));
    provider.push(
      { id: 'txn_3', amountCents: -8_960, feeCents: 0, type: 'refund', source: 're_1', createdMs: start + 2 * HOUR },
      { id: 'txn_4', amountCents: 6_800, feeCents: 0, type: 'transfer_reversal', source: 'trr_1', createdMs: start + 2 * HOUR },
    );
    // Not on the platform's balance (an instructor's payout) or naming nothing at the provider: not compared.
    await post(postings.payoutPaid({ payoutId: 'po_1', instructorId, amountCents: 100 }));
    await post(postings.fundsAvailable({ reference: 'available:1', amountCents: 1_870 }));
    // A dispute fee charged on its own.
    await post(postings.providerFee({ reference: 'dispute:dp_1:fee', feeCents: 1_500, description: 'Dispute fee', providerIds: ['txn_5'] }));
    provider.push({ id: 'txn_5', amountCents: -1_500, feeCents: 0, type: 'stripe_fee', source: null, createdMs: start + 2 * HOUR });
    clock.set(start + 3 * HOUR);
  });
  afterAll(() => database?.close());

  it('books that agree have no difference', async () => {
    const port = providerListing(provider);
    const report = await new ReconciliationService({ repository, provider: port, clock }).run({ fromMs: start });
    expect(report).toEqual({ from: '2026-11-23T15:00:00.000Z', to: '2026-11-23T18:00:00.000Z', providerTransactions: 5, ledgerTransactions: 4, differences: [] });
    expect(port.asked).toEqual([start - 24 * HOUR]);
  });

  it('finds each planted difference: a charge the ledger lacks, a fee that differs, a step the provider lacks', async () => {
    // The ledger side is planted too: a capture the provider never saw.
    const ledger = new LedgerService({ repository, clock, ids });
    await database.db.transaction().execute((trx) =>
      ledger.post(trx, postings.tipCaptured({ tipId: 'T9', bookingId: 'B1', amountCents: 500, providerFeeCents: 45, providerIds: ['ch_ghost'] })),
    );
    const planted: ProviderBalanceTransaction[] = [
      ...provider.map((transaction) => (transaction.id === 'txn_1' ? { ...transaction, feeCents: 300 } : transaction)),
      { id: 'txn_9', amountCents: 2_000, feeCents: 88, type: 'charge', source: 'ch_9', createdMs: start + 2 * HOUR },
    ];
    const report = await new ReconciliationService({ repository, provider: providerListing(planted), clock }).run({ fromMs: start });
    expect(report.differences).toEqual([
      { kind: 'missing_in_ledger', providerTransactionId: 'txn_9', source: 'ch_9', type: 'charge', netCents: 1_912, feeCents: 88 },
      {
        kind: 'amount_mismatch',
        ledgerTransactionId: expect.any(String),
        reference: 'booking:B1:capture',
        providerTransactionIds: ['txn_1'],
        ledger: { netCents: 8_670, feeCents: 290 },
        provider: { netCents: 8_660, feeCents: 300 },
      },
      { kind: 'missing_at_provider', ledgerTransactionId: expect.any(String), reference: 'tip:T9:capture', providerIds: ['ch_ghost'], netCents: 455, feeCents: 45 },
    ]);
  });

  it('checks only the window asked', async () => {
    const report = await new ReconciliationService({ repository, provider: providerListing(provider), clock }).run({ fromMs: start + 3 * HOUR });
    expect(report).toMatchObject({ providerTransactions: 0, ledgerTransactions: 1, differences: [{ kind: 'missing_at_provider', reference: 'tip:T9:capture' }] });
  });
});
