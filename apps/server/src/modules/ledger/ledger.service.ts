import type { Clock } from '../../platform/clock.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { accountCode, naturalBalance, type AccountRef } from './chart-of-accounts.ts';
import type { LedgerRepository, TransactionRow } from './ledger.repository.ts';
import type { Posting } from './postings.policy.ts';

export interface PostedTransaction {
  transaction: TransactionRow;
  /** True when the reference was already recorded: nothing was written, the first record stands. */
  replayed: boolean;
}

/**
 * The ledger as other modules use it (ARCHITECTURE rule 4): `post` writes a posting from
 * postings.policy.ts inside the CALLER's transaction, next to the state change it records, so
 * both commit or neither does; the database's deferred trigger refuses it at commit if it does
 * not balance. Posting a reference again (a step retried after a crash) writes nothing and
 * returns the first transaction; the same reference with other entries is a bug somewhere and
 * is refused rather than silently dropped.
 *
 * No principal here: callers are services that already checked who may move the money.
 */
export class LedgerService {
  constructor(private readonly deps: { repository: LedgerRepository; clock: Clock; ids: IdGenerator }) {}

  async post(trx: Tx, posting: Posting): Promise<PostedTransaction> {
    const { repository, clock, ids } = this.deps;
    const existing = await repository.transactionByReference(posting.reference, trx);
    if (existing) return this.replay(trx, existing, posting);
    const now = clock.now();
    const accountIds = await repository.ensureAccounts(trx, posting.lines.map((line) => line.account), ids, now);
    const row: TransactionRow = {
      id: ids(),
      kind: posting.kind,
      reference: posting.reference,
      occurredAt: now,
      description: posting.description.slice(0, 500),
      providerIds: posting.providerIds,
    };
    const inserted = await repository.insertTransaction(trx, row);
    if (!inserted) {
      // Another transaction recorded the same reference between our read and our insert (it waited for it to commit).
      const winner = await repository.transactionByReference(posting.reference, trx);
      return this.replay(trx, winner!, posting);
    }
    await repository.insertEntries(
      trx,
      posting.lines.map((line) => ({ transactionId: row.id, accountId: accountIds.get(accountCode(line.account))!, amountCents: line.amountCents })),
    );
    return { transaction: row, replayed: false };
  }

  /** Whether a step's reference is recorded (a caller finishing steps a crash interrupted asks before redoing one). */
  async isRecorded(executor: Executor, reference: string): Promise<boolean> {
    return (await this.deps.repository.transactionByReference(reference, executor)) !== undefined;
  }

  /** An account's balance on its normal side (0 when it has no entries yet). */
  async balanceOf(executor: Executor, account: AccountRef): Promise<number> {
    const row = await this.deps.repository.accountByCode(accountCode(account), executor);
    return row ? naturalBalance(row.kind, row.sumCents) : 0;
  }

  private async replay(trx: Tx, existing: TransactionRow, posting: Posting): Promise<PostedTransaction> {
    const recorded = await this.deps.repository.entriesOf([existing.id], trx);
    if (signature(recorded.map((entry) => [entry.accountCode, entry.amountCents])) !== signature(posting.lines.map((line) => [accountCode(line.account), line.amountCents]))) {
      throw new DomainError('conflict', `The ledger already recorded ${posting.reference} with other amounts`, { reference: posting.reference });
    }
    return { transaction: existing, replayed: true };
  }
}

/** The lines as a multiset, order-free. */
function signature(lines: Array<[string, number]>): string {
  return lines
    .map(([code, amount]) => `${code}=${amount}`)
    .sort()
    .join(';');
}
