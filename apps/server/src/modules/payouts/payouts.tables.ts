import type { ColumnType } from 'kysely';

/** Tables of migration 0019_payouts_identity.sql (the payout account; identity is in modules/identity). */
export interface PayoutAccountsTable {
  userId: string;
  accountId: string;
  chargesEnabled: ColumnType<boolean, boolean | undefined, boolean>;
  payoutsEnabled: ColumnType<boolean, boolean | undefined, boolean>;
  detailsSubmitted: ColumnType<boolean, boolean | undefined, boolean>;
  currentlyDue: ColumnType<string[], string[] | undefined, string[]>;
  pastDue: ColumnType<string[], string[] | undefined, string[]>;
  pendingVerification: ColumnType<string[], string[] | undefined, string[]>;
  disabledReason: string | null;
  providerStateAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PayoutsTables {
  payoutAccounts: PayoutAccountsTable;
  instantPayoutRequests: InstantPayoutRequestsTable;
}

export type InstantPayoutRequestState = 'started' | 'paid_out' | 'fee_collected' | 'refused';

/** Migration 0022_instant_payout_requests.sql: one row per instant payout asked for (its two provider steps). */
export interface InstantPayoutRequestsTable {
  id: string;
  userId: string;
  accountId: string;
  idempotencyKey: string;
  requestKey: string | null;
  requestedCents: number;
  feeCents: number;
  payoutId: string | null;
  state: InstantPayoutRequestState;
  createdAt: Date;
  updatedAt: Date;
}
