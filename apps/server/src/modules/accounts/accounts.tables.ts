import type { ColumnType, Generated } from 'kysely';
import type { Role } from './permissions.ts';

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  roles: Role[];
  emailVerifiedAt: Date | null;
  phoneE164: string | null;
  phoneVerifiedAt: Date | null;
  totpSecretEncrypted: string | null;
  totpEnabledAt: Date | null;
  totpLastStep: number | null;
  passwordChangedAt: Date | null;
  createdAt: ColumnType<Date, Date | undefined, never>;
  updatedAt: ColumnType<Date, Date | undefined, Date>;
}

export interface EmailTokensTable {
  id: string;
  userId: string;
  purpose: 'verify_email' | 'password_reset';
  tokenHash: string;
  expiresAt: Date;
  usedAt: Date | null;
  createdAt: ColumnType<Date, Date | undefined, never>;
}

export type SessionRevokedReason = 'logout' | 'user_revoked' | 'reuse_detected' | 'password_changed' | 'password_reset' | 'admin';

export interface SessionsTable {
  id: string;
  userId: string;
  userAgent: string;
  ip: string;
  deviceHash: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: SessionRevokedReason | null;
}

export interface RefreshTokensTable {
  id: string;
  sessionId: string;
  tokenHash: string;
  createdAt: Date;
  rotatedAt: Date | null;
}

export interface KnownDevicesTable {
  userId: string;
  deviceHash: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export interface TotpBackupCodesTable {
  id: string;
  userId: string;
  codeHash: string;
  usedAt: Date | null;
  createdAt: Generated<Date>;
}

export interface AccountsTables {
  users: UsersTable;
  emailTokens: EmailTokensTable;
  sessions: SessionsTable;
  refreshTokens: RefreshTokensTable;
  knownDevices: KnownDevicesTable;
  totpBackupCodes: TotpBackupCodesTable;
}
