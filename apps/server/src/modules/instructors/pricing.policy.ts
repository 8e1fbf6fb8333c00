import { floorForDuration, type PriceFloors } from '../catalog/catalog.policy.ts';
import { IN_PERSON_LESSON_TYPES, type LessonType } from './profile.policy.ts';

/**
 * Prices of an instructor's service (PRODUCT.md §2): one price per lesson length offered, each
 * at least the category's hourly floor prorated to that length (floorForDuration). The
 * in-person floor applies when any in-person lesson type is offered, the online floor when
 * online is; a price must clear every floor that applies, because the same lesson length costs
 * the same whatever the location.
 */
export interface RateInput {
  durationMinutes: number;
  rateCents: number;
}

export interface ServiceOffer {
  serviceName: string;
  categoryName: string;
  /** The lesson lengths the catalog allows for this service. */
  allowedDurations: readonly number[];
  floors: PriceFloors;
  lessonTypes: readonly LessonType[];
  rates: readonly RateInput[];
}

/** A problem with one part of an offer; `path` is relative to the offer (`rates.1.rateCents`). */
export interface OfferProblem {
  path: string;
  reason: string;
}

export interface MinimumPrice {
  cents: number;
  floorCentsPerHour: number;
  basis: 'in_person' | 'online';
}

/** The lowest price a lesson of `minutes` may have with these lesson types, or null when none applies. */
export function minimumPrice(floors: PriceFloors, lessonTypes: readonly LessonType[], minutes: number): MinimumPrice | null {
  const candidates: MinimumPrice[] = [];
  if (lessonTypes.some((type) => IN_PERSON_LESSON_TYPES.includes(type))) {
    candidates.push({ cents: floorForDuration(floors.inPersonCentsPerHour, minutes), floorCentsPerHour: floors.inPersonCentsPerHour, basis: 'in_person' });
  }
  if (lessonTypes.includes('online')) {
    candidates.push({ cents: floorForDuration(floors.onlineCentsPerHour, minutes), floorCentsPerHour: floors.onlineCentsPerHour, basis: 'online' });
  }
  // The binding floor is the higher one; on a tie, in person (listed first) names it.
  return candidates.reduce<MinimumPrice | null>((best, candidate) => (!best || candidate.cents > best.cents ? candidate : best), null);
}

/** `$60.00`: lesson prices always show cents. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** `$80/hour`, or `$82.50/hour` when the floor is not whole dollars. */
export function formatHourly(centsPerHour: number): string {
  const dollars = centsPerHour % 100 === 0 ? `$${(centsPerHour / 100).toLocaleString('en-US')}` : formatCents(centsPerHour);
  return `${dollars}/hour`;
}

/** What a lesson price comes to per hour, to the nearest cent (for display and sorting). */
export function hourlyEquivalentCents(rateCents: number, minutes: number): number {
  return Math.round((rateCents * 60) / minutes);
}

export function belowFloorMessage(minutes: number, minimum: MinimumPrice, categoryName: string): string {
  const where = minimum.basis === 'in_person' ? 'in person' : 'online';
  const floorName = minimum.basis === 'in_person' ? `the ${categoryName} floor` : `the ${categoryName} online floor`;
  return `A ${minutes}-minute lesson must cost at least ${formatCents(minimum.cents)} ${where} (${floorName} is ${formatHourly(minimum.floorCentsPerHour)})`;
}

/** "30, 45 or 60 minutes". */
export function describeDurations(durations: readonly number[]): string {
  const sorted = [...durations].sort((a, b) => a - b);
  if (sorted.length <= 1) return `${sorted.join('')} minutes`;
  return `${sorted.slice(0, -1).join(', ')} or ${sorted[sorted.length - 1]} minutes`;
}

/** Every problem with an offer's lesson types and prices; empty when it may be saved and booked. */
export function pricingProblems(offer: ServiceOffer): OfferProblem[] {
  const problems: OfferProblem[] = [];
  if (offer.lessonTypes.length === 0) problems.push({ path: 'lessonTypes', reason: 'choose at least one lesson type' });
  if (offer.rates.length === 0) problems.push({ path: 'rates', reason: 'add a price for at least one lesson length' });

  const seen = new Set<number>();
  offer.rates.forEach((rate, index) => {
    if (seen.has(rate.durationMinutes)) {
      problems.push({ path: `rates.${index}.durationMinutes`, reason: `${rate.durationMinutes} minutes is listed twice` });
      return;
    }
    seen.add(rate.durationMinutes);
    if (!offer.allowedDurations.includes(rate.durationMinutes)) {
      problems.push({
        path: `rates.${index}.durationMinutes`,
        reason: `${offer.serviceName} lessons can be ${describeDurations(offer.allowedDurations)} long`,
      });
      return;
    }
    if (!Number.isInteger(rate.rateCents) || rate.rateCents <= 0) {
      problems.push({ path: `rates.${index}.rateCents`, reason: 'must be a whole number of cents above zero' });
      return;
    }
    const minimum = minimumPrice(offer.floors, offer.lessonTypes, rate.durationMinutes);
    if (minimum && rate.rateCents < minimum.cents) {
      problems.push({ path: `rates.${index}.rateCents`, reason: belowFloorMessage(rate.durationMinutes, minimum, offer.categoryName) });
    }
  });
  return problems;
}
