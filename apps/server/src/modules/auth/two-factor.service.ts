import QRCode from 'qrcode';
import type { Config } from '../../config.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { decryptSecret, encryptSecret } from '../../platform/crypto.ts';
import type { Db } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { AccountsRepository } from '../accounts/accounts.repository.ts';
import { passwordHasher } from '../accounts/password-hasher.ts';
import type { AccountEmails } from './auth.ports.ts';
import { backupCodeHash, checkSecondFactor } from './second-factor.ts';
import { newBackupCodes, newTotpSecret, totpUri, verifyTotp } from './totp.ts';

/**
 * Two-factor authentication with an authenticator app. Setup stores an encrypted secret that
 * only takes effect once the user proves it with a code; confirming returns 10 backup codes,
 * shown once and stored hashed. Turning 2FA on or off sends a security email.
 */
export class TwoFactorService {
  constructor(
    private readonly deps: { db: Db; clock: Clock; ids: IdGenerator; config: Config; accounts: AccountsRepository; emails: AccountEmails },
  ) {}

  private userIdOf(principal: Principal | null): string {
    if (!principal || principal.kind !== 'user') throw new DomainError('forbidden', 'Only a signed-in person can manage 2FA.');
    return principal.userId;
  }

  async setup(principal: Principal | null): Promise<{ secret: string; otpauthUrl: string; qrCodeDataUrl: string }> {
    const userId = this.userIdOf(principal);
    const { accounts, config } = this.deps;
    const user = await accounts.findUserById(userId);
    if (!user) throw new DomainError('not_found', 'Account not found');
    if (user.totpEnabledAt) throw new DomainError('conflict', 'Two-factor authentication is already on. Turn it off first to enrol a new device.');
    const secret = newTotpSecret();
    await accounts.updateUser(userId, { totpSecretEncrypted: encryptSecret(secret, config.TOTP_ENCRYPTION_KEY!), totpLastStep: null });
    const otpauthUrl = totpUri(secret, user.email);
    return { secret, otpauthUrl, qrCodeDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 240 }) };
  }

  async confirm(principal: Principal | null, code: string): Promise<{ backupCodes: string[] }> {
    const userId = this.userIdOf(principal);
    const { accounts, config, clock, ids, emails } = this.deps;
    return this.deps.db.transaction().execute(async (tx) => {
      const user = await accounts.findCredentialsById(userId, tx);
      if (!user) throw new DomainError('not_found', 'Account not found');
      if (user.totpEnabledAt) throw new DomainError('conflict', 'Two-factor authentication is already on.');
      if (!user.totpSecretEncrypted) throw new DomainError('conflict', 'Start the setup first.');
      const step = await verifyTotp(decryptSecret(user.totpSecretEncrypted, config.TOTP_ENCRYPTION_KEY!), code.trim(), clock.nowMs(), null);
      if (step === null) {
        throw new DomainError('validation_failed', 'That code is not right. Check the time on your phone and try the newest code.', {
          errors: [{ field: 'body.code', reason: 'is not the current code' }],
        });
      }
      const now = clock.now();
      await accounts.updateUser(userId, { totpEnabledAt: now, totpLastStep: step }, tx);
      const backupCodes = newBackupCodes();
      await accounts.deleteBackupCodes(userId, tx);
      await accounts.insertBackupCodes(backupCodes.map((c) => ({ id: ids(), userId, codeHash: backupCodeHash(c, config) })), tx);
      await emails.queue(tx, { to: user.email, userId, template: '2fa_changed', data: { name: user.name, enabled: true, at: now } });
      return { backupCodes };
    });
  }

  async disable(principal: Principal | null, input: { password: string; code: string }): Promise<void> {
    const userId = this.userIdOf(principal);
    const { accounts, clock, emails } = this.deps;
    await this.deps.db.transaction().execute(async (tx) => {
      const user = await accounts.findCredentialsById(userId, tx);
      if (!user) throw new DomainError('not_found', 'Account not found');
      if (!user.totpEnabledAt) throw new DomainError('conflict', 'Two-factor authentication is not on.');
      const passwordOk = await passwordHasher.verify(user.passwordHash, input.password);
      const code = input.code.trim();
      const secondFactorOk =
        passwordOk &&
        (await checkSecondFactor(
          { ...this.deps, tx },
          { userId, secretEncrypted: user.totpSecretEncrypted!, lastStep: user.totpLastStep },
          /^\d{6}$/.test(code) ? { totpCode: code } : { backupCode: code },
        ));
      if (!passwordOk || !secondFactorOk) {
        throw new DomainError('validation_failed', 'The password or the code is not correct.', {
          errors: [
            ...(passwordOk ? [] : [{ field: 'body.password', reason: 'is not correct' }]),
            ...(passwordOk && !secondFactorOk ? [{ field: 'body.code', reason: 'is not a valid code' }] : []),
          ],
        });
      }
      const now = clock.now();
      await accounts.updateUser(userId, { totpEnabledAt: null, totpSecretEncrypted: null, totpLastStep: null }, tx);
      await accounts.deleteBackupCodes(userId, tx);
      await emails.queue(tx, { to: user.email, userId, template: '2fa_changed', data: { name: user.name, enabled: false, at: now } });
    });
  }
}
