import { DomainError } from '../../platform/errors.ts';

/** The refusals of booking, each naming what the caller can change. */
export const slotTaken = () =>
  new DomainError('conflict', 'This time is not open any more: someone booked it, or it is outside the instructor’s availability. Pick another time.', {
    code: 'slot_taken',
  });

/** A student's action would ask the lesson's card once more than payment-timeline.policy allows. */
export const tooManyPaymentAttempts = (maxAttempts: number) =>
  new DomainError('conflict', `This lesson’s card was tried ${maxAttempts} times, which is the most we try; contact support to pay for it.`, { code: 'too_many_payment_attempts' });

export function invalidField(field: string, reason: string, code: 'validation_failed' | 'unprocessable' = 'unprocessable'): DomainError {
  return new DomainError(code, `${field}: ${reason}`, { errors: [{ field, reason }] });
}

/** The SQLSTATE of a database error (pg or PGlite), looking through wrapped causes. */
export function sqlState(error: unknown, depth = 0): { code: string; constraint?: string } | null {
  if (!(error instanceof Error) || depth > 3) return null;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return { code, ...(typeof constraint === 'string' ? { constraint } : {}) };
  return sqlState(error.cause, depth + 1);
}

/** PostgreSQL's exclusion_violation: the booking would overlap one holding the same time. */
export const EXCLUSION_VIOLATION = '23P01';
export const UNIQUE_VIOLATION = '23505';
