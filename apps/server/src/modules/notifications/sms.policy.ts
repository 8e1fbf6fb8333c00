import { MARKETPLACE_TIME_ZONE } from '../../platform/jobs/schedules.ts';

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

const dateParts = new Intl.DateTimeFormat('en-US', {
  timeZone: MARKETPLACE_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The wall-clock fields in New York at `instantMs`, read back as if they were UTC. */
function wallClockAsUtcMs(instantMs: number): number {
  const fields: Record<string, number> = {};
  for (const part of dateParts.formatToParts(instantMs)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return Date.UTC(fields.year!, fields.month! - 1, fields.day!, fields.hour!, fields.minute!, fields.second!);
}

/** How far New York's wall clock is ahead of UTC at `instantMs` (−4 h or −5 h). */
function offsetMs(instantMs: number): number {
  return wallClockAsUtcMs(Math.floor(instantMs / 1000) * 1000) - Math.floor(instantMs / 1000) * 1000;
}

/** The instant of local midnight starting y-m-d (m 1-based; overflowing days roll over). */
function localMidnight(year: number, month: number, day: number): Date {
  const naive = Date.UTC(year, month - 1, day);
  // Midnight never falls in New York's DST gap (changes happen at 02:00), so one correction
  // with the offset in force at the first guess, then a second check, is exact.
  let instant = naive - offsetMs(naive);
  const corrected = naive - offsetMs(instant);
  if (corrected !== instant) instant = corrected;
  return new Date(instant);
}

/** The New York calendar day containing `instant`. */
export function marketplaceDay(instant: Date): DayWindow {
  const wall = new Date(wallClockAsUtcMs(instant.getTime()));
  const [year, month, day] = [wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate()];
  return {
    date: wall.toISOString().slice(0, 10),
    start: localMidnight(year, month, day),
    end: localMidnight(year, month, day + 1),
  };
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
