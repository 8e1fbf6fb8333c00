import type { Config } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import { decryptSecret, hmacSha256 } from '../../platform/crypto.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { AccountsRepository } from '../accounts/accounts.repository.ts';
import { normalizeBackupCode, verifyTotp } from './totp.ts';

/** Backup codes are hashed with a server-side key so a database leak alone cannot test guesses offline. */
export function backupCodeHash(code: string, config: Pick<Config, 'TOTP_ENCRYPTION_KEY'>): string {
  return hmacSha256(config.TOTP_ENCRYPTION_KEY!, normalizeBackupCode(code));
}

/**
 * Checks a TOTP code (recording its step so it cannot be replayed) or consumes a backup code.
 * Runs inside the caller's transaction, with the user's row locked by the caller.
 */
export async function checkSecondFactor(
  deps: { tx: Tx; clock: Clock; config: Config; accounts: AccountsRepository },
  user: { userId: string; secretEncrypted: string; lastStep: number | null },
  input: { totpCode?: string; backupCode?: string },
): Promise<boolean> {
  const { tx, clock, config, accounts } = deps;
  if (input.totpCode) {
    const secret = decryptSecret(user.secretEncrypted, config.TOTP_ENCRYPTION_KEY!);
    const step = await verifyTotp(secret, input.totpCode.trim(), clock.nowMs(), user.lastStep);
    if (step === null) return false;
    await accounts.updateUser(user.userId, { totpLastStep: step }, tx);
    return true;
  }
  if (input.backupCode) {
    return accounts.consumeBackupCode(user.userId, backupCodeHash(input.backupCode, config), clock.now(), tx);
  }
  return false;
}
