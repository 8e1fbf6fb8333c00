import { generateSecret, generateURI, verify } from 'otplib';
import { randomInt } from 'node:crypto';

/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, what every authenticator app speaks).
 * A code from one step before or after is accepted to forgive clock skew; a step that was
 * already used is refused, so an observed code cannot be replayed.
 */
export const TOTP_ISSUER = 'InstaInstru';
const PERIOD_SECONDS = 30;

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, accountEmail: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: accountEmail, secret });
}

/** The time step the code belongs to when valid (and newer than `lastStep`), else null. */
export async function verifyTotp(
  secret: string,
  code: string,
  nowMs: number,
  lastStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const epoch = Math.floor(nowMs / 1000);
  const result = await verify({ secret, token: code, epoch, epochTolerance: PERIOD_SECONDS });
  if (!result.valid) return null;
  const step = Math.floor(epoch / PERIOD_SECONDS) + (result.delta ?? 0);
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

const BACKUP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten single-use backup codes like `k7pq-x2mz` (40 bits each), shown once. */
export function newBackupCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 8 }, () => BACKUP_ALPHABET[randomInt(BACKUP_ALPHABET.length)]);
    return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
  });
}

/** Backup codes are typed by hand: ignore case, spaces and the dash. */
export function normalizeBackupCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}
