/**
 * Price floors (PRODUCT.md §2): an instructor's hourly rate may not go below the floor of the
 * service's category for the lesson type; categories may override the marketplace defaults.
 */
export const DEFAULT_PRICE_FLOORS = {
  inPersonCentsPerHour: 8_000,
  onlineCentsPerHour: 6_000,
} as const;

export interface CategoryFloorOverrides {
  priceFloorInPersonCents: number | null;
  priceFloorOnlineCents: number | null;
}

export interface PriceFloors {
  inPersonCentsPerHour: number;
  onlineCentsPerHour: number;
}

export function effectivePriceFloors(category: CategoryFloorOverrides): PriceFloors {
  return {
    inPersonCentsPerHour: category.priceFloorInPersonCents ?? DEFAULT_PRICE_FLOORS.inPersonCentsPerHour,
    onlineCentsPerHour: category.priceFloorOnlineCents ?? DEFAULT_PRICE_FLOORS.onlineCentsPerHour,
  };
}

export const LESSON_DURATIONS = [30, 45, 60, 90] as const;

/** The floor for one lesson of `minutes`, prorated from the hourly floor and rounded up to a cent. */
export function floorForDuration(floorCentsPerHour: number, minutes: number): number {
  if (!Number.isInteger(floorCentsPerHour) || floorCentsPerHour < 0) throw new RangeError('floor must be whole cents');
  if (!(LESSON_DURATIONS as readonly number[]).includes(minutes)) throw new RangeError(`unsupported duration ${minutes}`);
  return Math.ceil((floorCentsPerHour * minutes) / 60);
}

/** The lowest price of one lesson of a service, per lesson length it allows, in person and online. */
export interface LessonFloor {
  durationMinutes: number;
  inPersonCents: number;
  onlineCents: number;
}

/**
 * What the web app shows next to each price field, so that it never prorates floors itself:
 * the same floorForDuration that pricing.policy.ts (minimumPrice) and the database enforce.
 * A lesson offered both ways must clear the higher of the two.
 */
export function lessonFloors(floors: PriceFloors, durations: readonly number[]): LessonFloor[] {
  return [...durations]
    .sort((a, b) => a - b)
    .map((minutes) => ({
      durationMinutes: minutes,
      inPersonCents: floorForDuration(floors.inPersonCentsPerHour, minutes),
      onlineCents: floorForDuration(floors.onlineCentsPerHour, minutes),
    }));
}
