import type { IdentityState } from '../../integrations/payments/payments.port.ts';

/** Tables of migration 0019_payouts_identity.sql (identity verification sessions). */
export interface IdentityVerificationsTable {
  id: string;
  userId: string;
  status: IdentityState;
  lastErrorCode: string | null;
  verifiedAt: Date | null;
  providerStateAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface IdentityTables {
  identityVerifications: IdentityVerificationsTable;
}
