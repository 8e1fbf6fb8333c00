import { DomainError, type ErrorCode } from '../../platform/errors.ts';
import { LOGIN_PROTECTION, waitInWords, type LoginAssessment } from './login-protection.policy.ts';

/**
 * What a refused sign-in says, in one sentence with its true reason: this account's failures,
 * or this network's (people behind one address share its count). Never whether the email has
 * an account: unknown emails are counted, slowed down and locked the same way.
 */
function reason(assessment: LoginAssessment): string {
  return assessment.because === 'address' ? 'Too many failed sign-ins from your network' : 'Too many failed sign-ins for this account';
}

/** Refused before the password is checked: locked (429 account_locked) or too soon (429 rate_limited). */
export function tooManyFailures(assessment: LoginAssessment): DomainError {
  const locked = assessment.lockedForMs > 0;
  const waitMs = locked ? assessment.lockedForMs : assessment.delayMs;
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new DomainError(
    locked ? 'account_locked' : 'rate_limited',
    locked
      ? `${reason(assessment)}: sign-in is locked. Try again in ${waitInWords(waitMs)}.`
      : `${reason(assessment)}. Try again in ${waitInWords(waitMs)}.`,
    { retryAfterSeconds },
  );
}

/**
 * A wrong password or second factor. When this very failure starts a lock, the answer says so
 * now (429 account_locked), rather than leaving the next attempt to find out.
 */
export function failedAttempt(after: LoginAssessment, message: string, code: ErrorCode = 'invalid_credentials', field?: string): DomainError {
  if (after.lockedForMs > 0) {
    const threshold = LOGIN_PROTECTION[after.because ?? 'account'].lockAtFailures;
    const whose = after.because === 'address' ? 'from your network' : 'for this account';
    return new DomainError(
      'account_locked',
      `${message} That was failed sign-in number ${threshold} ${whose} in 15 minutes, so sign-in is now locked for ${waitInWords(after.lockedForMs)}.`,
      { retryAfterSeconds: Math.ceil(after.lockedForMs / 1000) },
    );
  }
  return new DomainError(code, message, field ? { errors: [{ field, reason: 'is not valid' }] } : {});
}
