/**
 * The platform's fees (PRODUCT.md §6): the one place these numbers live.
 *
 * - Booking fee: the student pays 12% of the lesson price on top of it.
 * - Commission: the instructor pays a share of the lesson price by tier, from the lessons they
 *   completed in the last 90 days: 15% (0–9), 12% (10–29), 10% (30 or more); founding
 *   instructors (PRODUCT.md §2) pay 8% for life, whatever their count (no demotion).
 * - Tips go 100% to the instructor: no fee and no commission.
 * - Instant payout: 2% of the amount paid out, kept by the platform.
 *
 * Rates are whole basis points (1 bp = 0.01%), so every computation is integer arithmetic.
 *
 * ROUNDING RULE (the only one): a fee is the exact rate times the amount in cents, rounded to
 * the nearest cent, half a cent rounding up — `floor((cents × bp + 5_000) / 10_000)`. Every
 * other figure is a sum or difference of whole cents and is never rounded, so
 * student pays = price + booking fee, instructor receives = price − commission and
 * platform keeps = booking fee + commission hold exactly.
 */

const BASIS_POINTS_PER_WHOLE = 10_000;

export const BOOKING_FEE_BPS = 1_200;
export const INSTANT_PAYOUT_FEE_BPS = 200;
/** Completed lessons are counted over this many days before the lesson's completion. */
export const COMMISSION_WINDOW_DAYS = 90;

export type CommissionTier = 'founding' | 'standard' | 'established' | 'top';

/**
 * The tiers by the fewest completed lessons they need, highest first; founding is chosen by
 * status, not by count.
 */
export const COMMISSION_TIERS: ReadonlyArray<{ tier: Exclude<CommissionTier, 'founding'>; minCompletedLessons: number; bps: number }> = [
  { tier: 'top', minCompletedLessons: 30, bps: 1_000 },
  { tier: 'established', minCompletedLessons: 10, bps: 1_200 },
  { tier: 'standard', minCompletedLessons: 0, bps: 1_500 },
];
export const FOUNDING_COMMISSION_BPS = 800;

export function commissionBps(tier: CommissionTier): number {
  if (tier === 'founding') return FOUNDING_COMMISSION_BPS;
  return COMMISSION_TIERS.find((entry) => entry.tier === tier)!.bps;
}

/** The tier an instructor pays: founding for life, otherwise by lessons completed in the last 90 days. */
export function commissionTier(instructor: { founding: boolean; completedLessonsLast90Days: number }): CommissionTier {
  if (instructor.founding) return 'founding';
  const count = instructor.completedLessonsLast90Days;
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`completed lesson count must be a whole number ≥ 0, got ${count}`);
  return COMMISSION_TIERS.find((entry) => count >= entry.minCompletedLessons)!.tier;
}

/** The start of the window whose completed lessons set the tier of a lesson completed at `atMs`. */
export function commissionWindowStartMs(atMs: number): number {
  return atMs - COMMISSION_WINDOW_DAYS * 24 * 60 * 60_000;
}

/** `bps` of `cents`, by the rounding rule above (half a cent up). */
export function percentOfCents(cents: number, bps: number): number {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`amount must be whole cents ≥ 0, got ${cents}`);
  if (!Number.isSafeInteger(bps) || bps < 0 || bps > BASIS_POINTS_PER_WHOLE) throw new RangeError(`rate must be 0–10000 basis points, got ${bps}`);
  // Exact in doubles while cents × bps stays below 2^53: up to about 9 × 10^11 dollars.
  if (cents > Number.MAX_SAFE_INTEGER / BASIS_POINTS_PER_WHOLE) throw new RangeError(`amount too large: ${cents}`);
  return Math.floor((cents * bps + BASIS_POINTS_PER_WHOLE / 2) / BASIS_POINTS_PER_WHOLE);
}

export function bookingFeeCents(lessonCents: number): number {
  return percentOfCents(lessonCents, BOOKING_FEE_BPS);
}

export function commissionCents(lessonCents: number, tier: CommissionTier): number {
  return percentOfCents(lessonCents, commissionBps(tier));
}

export function instantPayoutFeeCents(payoutCents: number): number {
  return percentOfCents(payoutCents, INSTANT_PAYOUT_FEE_BPS);
}

/** Who pays and who gets what for one lesson (the price breakdown a student is shown, and what is captured). */
export interface LessonSplit {
  lessonCents: number;
  bookingFeeCents: number;
  commissionCents: number;
  /** Charged to the student's card and credits: lesson + booking fee. */
  studentPaysCents: number;
  /** The instructor's share: lesson − commission. */
  instructorReceivesCents: number;
  /** The platform's revenue: booking fee + commission. */
  platformKeepsCents: number;
}

export function lessonSplit(lessonCents: number, tier: CommissionTier): LessonSplit {
  const fee = bookingFeeCents(lessonCents);
  const commission = commissionCents(lessonCents, tier);
  return {
    lessonCents,
    bookingFeeCents: fee,
    commissionCents: commission,
    studentPaysCents: lessonCents + fee,
    instructorReceivesCents: lessonCents - commission,
    platformKeepsCents: fee + commission,
  };
}

/**
 * The platform's part of a lesson's card charge, taken back as the destination charge's
 * application fee: the booking fee and the commission, less the credits the platform funds,
 * never more than the card pays nor below zero (credits can exceed the platform's part).
 */
export function destinationFeeCents(charge: { cardCents: number; bookingFeeCents: number; commissionCents: number; creditsCents: number }): number {
  return Math.min(charge.cardCents, Math.max(0, charge.bookingFeeCents + charge.commissionCents - charge.creditsCents));
}

/** An instant payout: the instructor asks for `payoutCents` of their balance; the fee is kept, the rest arrives. */
export function instantPayoutSplit(payoutCents: number): { payoutCents: number; feeCents: number; arrivesCents: number } {
  const fee = instantPayoutFeeCents(payoutCents);
  return { payoutCents, feeCents: fee, arrivesCents: payoutCents - fee };
}
