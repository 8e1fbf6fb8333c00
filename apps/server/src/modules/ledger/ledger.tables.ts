import type { ColumnType, Generated } from 'kysely';
import type { AccountKind, NormalSide } from './chart-of-accounts.ts';

/** Tables of migration 0015_ledger.sql. */

export interface LedgerAccountsTable {
  id: string;
  code: string;
  kind: AccountKind;
  normalSide: NormalSide;
  ownerUserId: string | null;
  createdAt: Date;
}

export interface LedgerTransactionsTable {
  id: string;
  kind: string;
  reference: string;
  occurredAt: Date;
  description: string;
  providerIds: ColumnType<string[], string[] | undefined, never>;
}

export interface LedgerEntriesTable {
  id: Generated<number>;
  transactionId: string;
  accountId: string;
  amountCents: number;
}

export interface LedgerTables {
  ledgerAccounts: LedgerAccountsTable;
  ledgerTransactions: LedgerTransactionsTable;
  ledgerEntries: LedgerEntriesTable;
}
