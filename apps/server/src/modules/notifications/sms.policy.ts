import { dayEndMs, dayStartMs, marketplaceDate } from '@instainstru/marketplace-time';

/**
 * The SMS rules with numbers in them (PRODUCT.md §9), pure: the daily cap and what "a day"
 * is. The cap counts segments, not messages, because segments are what a carrier delivers and
 * bills; verification codes count too, so code requests cannot be used to spam a number.
 */
export const DAILY_SMS_SEGMENT_LIMIT = 10;

/** Twilio refuses longer bodies (integrations.md §4). */
export const MAX_SMS_BODY_LENGTH = 1600;

export interface DayWindow {
  /** The calendar date in New York, YYYY-MM-DD. */
  date: string;
  /** Local midnight that began the day, as an instant. */
  start: Date;
  /** Local midnight that ends it: 23, 24 or 25 hours after `start` across DST changes. */
  end: Date;
}

/** The New York calendar day containing `instant`. */
export function marketplaceDay(instant: Date): DayWindow {
  const date = marketplaceDate(instant.getTime());
  return { date, start: new Date(dayStartMs(date)), end: new Date(dayEndMs(date)) };
}

export type DailyLimitDecision =
  | { allowed: true; remaining: number }
  | { allowed: false; used: number; requested: number; limit: number; resetsAt: Date; retryAfterSeconds: number };

/** Whether `requested` more segments fit in today's budget once `used` were already queued. */
export function checkDailyLimit(input: { used: number; requested: number; now: Date; limit?: number }): DailyLimitDecision {
  const limit = input.limit ?? DAILY_SMS_SEGMENT_LIMIT;
  if (input.used + input.requested <= limit) return { allowed: true, remaining: limit - input.used - input.requested };
  const resetsAt = marketplaceDay(input.now).end;
  return {
    allowed: false,
    used: input.used,
    requested: input.requested,
    limit,
    resetsAt,
    retryAfterSeconds: Math.max(1, Math.ceil((resetsAt.getTime() - input.now.getTime()) / 1000)),
  };
}

/** Hides codes (runs of 4+ digits) in a sent message, so the stored body no longer holds them. */
export function redactCodes(body: string): string {
  return body.replace(/\d{4,}/g, (digits) => '•'.repeat(digits.length));
}
