import { bookingFeeCents } from '../payments/fees.policy.ts';
import { applyCredits, type AvailableCredit, type CreditUse } from './credits.policy.ts';

/**
 * The price breakdown a student sees and pays (PRODUCT.md §5, §6), pure: the instructor's
 * price for that lesson length (`instructor_service_rates.rate_cents` is the price of one
 * lesson of that length, not an hourly rate), the 12% booking fee on top (fees.policy.ts),
 * credits applied to the total oldest first, and what is left for the card.
 */
export interface BookingQuote {
  lessonCents: number;
  bookingFeeCents: number;
  totalCents: number;
  creditsAppliedCents: number;
  /** total − credits: what the saved card is authorized and charged for (0: no card needed). */
  cardCents: number;
  credits: CreditUse[];
}

export function quoteBooking(input: { lessonCents: number; credits: readonly AvailableCredit[]; now: Date }): BookingQuote {
  const { lessonCents } = input;
  if (!Number.isSafeInteger(lessonCents) || lessonCents <= 0) throw new RangeError(`lesson price must be whole cents > 0, got ${lessonCents}`);
  const fee = bookingFeeCents(lessonCents);
  const totalCents = lessonCents + fee;
  const applied = applyCredits(input.credits, totalCents, input.now);
  return {
    lessonCents,
    bookingFeeCents: fee,
    totalCents,
    creditsAppliedCents: applied.appliedCents,
    cardCents: totalCents - applied.appliedCents,
    credits: applied.uses,
  };
}
