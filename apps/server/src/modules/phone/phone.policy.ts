import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Phone numbers and their verification codes (PRODUCT.md §1), pure: how input becomes E.164,
 * what a code is worth, and what one attempt at entering it means.
 */
export const CODE_LENGTH = 6;
export const CODE_TTL_MS = 10 * 60 * 1000;
export const MAX_ATTEMPTS = 5;
/** A new code may be requested this long after the previous one (the daily SMS cap applies too). */
export const RESEND_COOLDOWN_MS = 60 * 1000;

export type NormalizedPhone = { ok: true; e164: string } | { ok: false; reason: string };

const HINT = 'enter a US number with its area code, like (212) 555-0100, or an international number starting with +';

/** NANP: area code and exchange start with 2–9; N11 area codes (411, 911…) are services, not numbers. */
function isNanp(tenDigits: string): boolean {
  return /^[2-9]\d\d[2-9]\d{6}$/.test(tenDigits) && !/^[2-9]11/.test(tenDigits);
}

/**
 * E.164 from what people type. Without a leading + the number is taken as US/Canada (NANP):
 * "(212) 555-0100", "212.555.0100" and "1 212 555 0100" all become +12125550100. With a +
 * any country code is accepted when the digits fit E.164 (at most 15); +1 numbers must be
 * well-formed NANP numbers. Spaces, dots, hyphens and parentheses are ignored; anything else
 * (letters, extensions, a 00 prefix) is refused with a reason.
 */
export function normalizePhone(input: string): NormalizedPhone {
  const refuse = (reason: string): NormalizedPhone => ({ ok: false, reason: `${reason}: ${HINT}` });
  const trimmed = input.trim();
  if (trimmed === '') return refuse('is empty');
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) return refuse('may only contain digits, spaces, ( ) - . and a leading +');
  const digits = trimmed.replace(/\D/g, '');

  if (trimmed.startsWith('+')) {
    if (digits.startsWith('1')) {
      return digits.length === 11 && isNanp(digits.slice(1))
        ? { ok: true, e164: `+${digits}` }
        : refuse('is not a valid +1 (US/Canada) number');
    }
    return /^[2-9]\d{7,14}$/.test(digits)
      ? { ok: true, e164: `+${digits}` }
      : refuse('is not a valid international number (a country code, then at most 15 digits in all)');
  }
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  if (national.length !== 10) return refuse(`must have 10 digits with the area code (got ${digits.length})`);
  return isNanp(national) ? { ok: true, e164: `+1${national}` } : refuse('is not a valid US number');
}

/** A random integer in [0, 10^6) as the 6 digits the user types, leading zeros kept. */
export function formatCode(value: number): string {
  return String(value).padStart(CODE_LENGTH, '0');
}

export function isCodeShaped(code: string): boolean {
  return new RegExp(`^\\d{${CODE_LENGTH}}$`).test(code);
}

/** The key codes are hashed with, derived from the server's encryption key (never the key itself). */
export function deriveCodeKey(encryptionKeyBase64: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(encryptionKeyBase64, 'base64'), Buffer.alloc(0), 'instainstru phone verification code v1', 32),
  );
}

/**
 * HMAC-SHA256 of the code, bound to its verification: a million possible codes make a plain
 * hash trivial to reverse, a server-side key does not.
 */
export function hashCode(key: Buffer, verificationId: string, code: string): string {
  return createHmac('sha256', key).update(`${verificationId}:${code}`).digest('hex');
}

export function codeMatches(key: Buffer, verificationId: string, code: string, storedHash: string): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = Buffer.from(hashCode(key, verificationId, code), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function verificationMessage(code: string): string {
  return `InstaInstru: your verification code is ${code}. It expires in 10 minutes. Never share it with anyone.`;
}

export interface PendingVerification {
  expiresAt: Date;
  attempts: number;
}

export type AttemptOutcome =
  { outcome: 'verified' } | { outcome: 'wrong'; remainingAttempts: number } | { outcome: 'expired' } | { outcome: 'dead' };

/**
 * One attempt at a pending verification. A dead (5 wrong codes) or expired verification
 * stays so whatever is typed, so guessing cannot continue past the limits; only a wrong code
 * uses up an attempt.
 */
export function evaluateAttempt(pending: PendingVerification, now: Date, matches: boolean): AttemptOutcome {
  if (pending.attempts >= MAX_ATTEMPTS) return { outcome: 'dead' };
  if (now.getTime() >= pending.expiresAt.getTime()) return { outcome: 'expired' };
  if (matches) return { outcome: 'verified' };
  return { outcome: 'wrong', remainingAttempts: MAX_ATTEMPTS - pending.attempts - 1 };
}

/** Milliseconds before another code may be requested, given when the pending one was. */
export function resendWaitMs(previousCreatedAt: Date | undefined, now: Date): number {
  if (!previousCreatedAt) return 0;
  return Math.max(0, previousCreatedAt.getTime() + RESEND_COOLDOWN_MS - now.getTime());
}
