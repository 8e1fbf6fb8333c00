import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { accountCode, NORMAL_SIDE, type AccountKind, type AccountRef, type NormalSide } from './chart-of-accounts.ts';

export interface AccountRow {
  id: string;
  code: string;
  kind: AccountKind;
  normalSide: NormalSide;
  ownerUserId: string | null;
}

export interface TransactionRow {
  id: string;
  kind: string;
  reference: string;
  occurredAt: Date;
  description: string;
  providerIds: string[];
}

export interface EntryRow {
  transactionId: string;
  accountCode: string;
  amountCents: number;
}

export interface AccountBalanceRow extends AccountRow {
  /** Sum of the account's entries (debits positive). */
  sumCents: number;
  entries: number;
}

export interface ProviderMovementRow {
  transactionId: string;
  reference: string;
  providerIds: string[];
  occurredAt: Date;
  netCents: number;
  feeCents: number;
}

export interface StatementRow {
  entryId: number;
  amountCents: number;
  transactionId: string;
  kind: string;
  reference: string;
  occurredAt: Date;
  description: string;
}

/** The ledger's tables (0015_ledger.sql): one Kysely query per method; writes take the caller's transaction. */
export class LedgerRepository {
  constructor(private readonly db: Executor) {}

  /**
   * The accounts' ids by code, creating the missing ones. Most posts find every account already
   * there, so they only read; concurrent creators of one account meet on the unique code.
   */
  async ensureAccounts(trx: Tx, accounts: readonly AccountRef[], newId: () => string, now: Date): Promise<Map<string, string>> {
    const byCode = new Map(accounts.map((account) => [accountCode(account), account]));
    const read = async () => new Map((await trx.selectFrom('ledgerAccounts').select(['id', 'code']).where('code', 'in', [...byCode.keys()]).execute()).map((row) => [row.code, row.id]));
    const found = await read();
    const missing = [...byCode.entries()].filter(([code]) => !found.has(code));
    if (missing.length === 0) return found;
    await trx
      .insertInto('ledgerAccounts')
      .values(
        missing.map(([code, account]) => ({
          id: newId(),
          code,
          kind: account.kind,
          normalSide: NORMAL_SIDE[account.kind],
          ownerUserId: 'ownerUserId' in account ? account.ownerUserId : null,
          createdAt: now,
        })),
      )
      .onConflict((conflict) => conflict.column('code').doNothing())
      .execute();
    return read();
  }

  /** Inserts the transaction unless its reference exists; null when it did (the first one stands). */
  async insertTransaction(trx: Tx, row: TransactionRow): Promise<TransactionRow | null> {
    const inserted = await trx
      .insertInto('ledgerTransactions')
      .values(row)
      .onConflict((conflict) => conflict.column('reference').doNothing())
      .returning(['id'])
      .executeTakeFirst();
    return inserted ? row : null;
  }

  async insertEntries(trx: Tx, entries: Array<{ transactionId: string; accountId: string; amountCents: number }>): Promise<void> {
    await trx.insertInto('ledgerEntries').values(entries).execute();
  }

  async transactionByReference(reference: string, executor: Executor = this.db): Promise<TransactionRow | undefined> {
    return executor
      .selectFrom('ledgerTransactions')
      .select(['id', 'kind', 'reference', 'occurredAt', 'description', 'providerIds'])
      .where('reference', '=', reference)
      .executeTakeFirst();
  }

  async entriesOf(transactionIds: readonly string[], executor: Executor = this.db): Promise<EntryRow[]> {
    if (transactionIds.length === 0) return [];
    return executor
      .selectFrom('ledgerEntries as e')
      .innerJoin('ledgerAccounts as a', 'a.id', 'e.accountId')
      .select(['e.transactionId', 'a.code as accountCode', 'e.amountCents'])
      .where('e.transactionId', 'in', transactionIds)
      .orderBy('e.id')
      .execute();
  }

  /** Every account with the sum and count of its entries; accounts without entries show 0. */
  async balances(executor: Executor = this.db): Promise<AccountBalanceRow[]> {
    // Aggregate the entries first (one pass over the account index), then join the few accounts.
    const rows = await sql<AccountBalanceRow>`
      select a.id, a.code, a.kind, a.normal_side, a.owner_user_id,
             coalesce(t.sum_cents, 0)::bigint as sum_cents, coalesce(t.entries, 0)::bigint as entries
        from ledger_accounts a
        left join (select account_id, sum(amount_cents) as sum_cents, count(*) as entries
                     from ledger_entries group by account_id) t on t.account_id = a.id
       order by a.code`.execute(executor);
    return rows.rows;
  }

  async account(id: string, executor: Executor = this.db): Promise<AccountBalanceRow | undefined> {
    const rows = await sql<AccountBalanceRow>`
      select a.id, a.code, a.kind, a.normal_side, a.owner_user_id,
             coalesce(sum(e.amount_cents), 0)::bigint as sum_cents, count(e.id)::bigint as entries
        from ledger_accounts a left join ledger_entries e on e.account_id = a.id
       where a.id = ${id}
       group by a.id`.execute(executor);
    return rows.rows[0];
  }

  async accountByCode(code: string, executor: Executor = this.db): Promise<AccountBalanceRow | undefined> {
    const row = await executor.selectFrom('ledgerAccounts').select('id').where('code', '=', code).executeTakeFirst();
    return row ? this.account(row.id, executor) : undefined;
  }

  /** An account's entries, newest first, after the entry id `beforeEntryId` (the cursor). */
  async statement(accountId: string, page: { beforeEntryId?: number; limit: number }, executor: Executor = this.db): Promise<StatementRow[]> {
    let query = executor
      .selectFrom('ledgerEntries as e')
      .innerJoin('ledgerTransactions as t', 't.id', 'e.transactionId')
      .select(['e.id as entryId', 'e.amountCents', 't.id as transactionId', 't.kind', 't.reference', 't.occurredAt', 't.description'])
      .where('e.accountId', '=', accountId);
    if (page.beforeEntryId !== undefined) query = query.where('e.id', '<', page.beforeEntryId);
    return query.orderBy('e.id', 'desc').limit(page.limit).execute();
  }

  /**
   * Reconciliation's ledger side: transactions since `since` that name provider ids and move
   * the platform's own balance or its provider fees, with those sums. Steps that touch only
   * an instructor's connected account (their payouts) are not on the platform's balance.
   */
  async providerMovements(since: Date, executor: Executor = this.db): Promise<ProviderMovementRow[]> {
    const rows = await sql<ProviderMovementRow>`
      select t.id as transaction_id, t.reference, t.provider_ids, t.occurred_at,
             coalesce(sum(e.amount_cents) filter (where a.kind in ('provider_pending', 'provider_cash')), 0)::bigint as net_cents,
             coalesce(sum(e.amount_cents) filter (where a.kind = 'provider_fees'), 0)::bigint as fee_cents
        from ledger_transactions t
        join ledger_entries e on e.transaction_id = t.id
        join ledger_accounts a on a.id = e.account_id
       where t.occurred_at >= ${since} and cardinality(t.provider_ids) > 0
       group by t.id
      having bool_or(a.kind in ('provider_pending', 'provider_cash', 'provider_fees'))
       order by t.occurred_at, t.id`.execute(executor);
    return rows.rows;
  }
}
