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

/** Migration 0021_ledger_reconciliations.sql: one row per reconciliation run. */
export interface LedgerReconciliationsTable {
  id: string;
  ranAt: Date;
  windowFrom: Date;
  windowTo: Date;
  providerTransactions: number;
  ledgerTransactions: number;
  differenceCount: number;
  differences: ColumnType<unknown, string, never>;
}

export interface LedgerTables {
  ledgerReconciliations: LedgerReconciliationsTable;
  ledgerAccounts: LedgerAccountsTable;
  ledgerTransactions: LedgerTransactionsTable;
  ledgerEntries: LedgerEntriesTable;
}
