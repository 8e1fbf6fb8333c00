import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_FLOORS, effectivePriceFloors, LESSON_DURATIONS } from '../catalog/catalog.policy.ts';
import {
  belowFloorMessage,
  describeDurations,
  formatCents,
  formatHourly,
  hourlyEquivalentCents,
  minimumPrice,
  pricingProblems,
  type ServiceOffer,
} from './pricing.policy.ts';
import { LESSON_TYPES, type LessonType } from './profile.policy.ts';

const music = effectivePriceFloors({ priceFloorInPersonCents: null, priceFloorOnlineCents: null });
const testPrep = effectivePriceFloors({ priceFloorInPersonCents: 9_500, priceFloorOnlineCents: 7_500 });
const cooking = effectivePriceFloors({ priceFloorInPersonCents: 9_000, priceFloorOnlineCents: null });

const piano = (overrides: Partial<ServiceOffer> = {}): ServiceOffer => ({
  serviceName: 'Piano',
  categoryName: 'Music',
  allowedDurations: [30, 45, 60, 90],
  floors: music,
  lessonTypes: ['student_location'],
  rates: [{ durationMinutes: 60, rateCents: 8_000 }],
  ...overrides,
});

/** Every non-empty combination of lesson types. */
const LESSON_TYPE_SETS: LessonType[][] = Array.from({ length: 2 ** LESSON_TYPES.length - 1 }, (_, mask) =>
  LESSON_TYPES.filter((_, bit) => ((mask + 1) >> bit) & 1),
);

describe('minimumPrice', () => {
  it('prorates the default floors by duration, rounding up to a cent', () => {
    expect(LESSON_DURATIONS.map((minutes) => minimumPrice(music, ['student_location'], minutes)?.cents)).toEqual([4_000, 6_000, 8_000, 12_000]);
    expect(LESSON_DURATIONS.map((minutes) => minimumPrice(music, ['online'], minutes)?.cents)).toEqual([3_000, 4_500, 6_000, 9_000]);
    // $82.50/hour for 45 minutes is $61.875: the floor is the next whole cent.
    expect(minimumPrice({ inPersonCentsPerHour: 8_250, onlineCentsPerHour: 6_000 }, ['instructor_location'], 45)?.cents).toBe(6_188);
    expect(minimumPrice({ inPersonCentsPerHour: 7_001, onlineCentsPerHour: 6_000 }, ['neutral_location'], 30)?.cents).toBe(3_501);
  });

  it('uses the category overrides', () => {
    expect(minimumPrice(testPrep, ['student_location'], 45)).toEqual({ cents: 7_125, floorCentsPerHour: 9_500, basis: 'in_person' });
    expect(minimumPrice(testPrep, ['online'], 90)).toEqual({ cents: 11_250, floorCentsPerHour: 7_500, basis: 'online' });
    // Only the in-person floor is overridden: online falls back to the marketplace default.
    expect(minimumPrice(cooking, ['online'], 60)?.cents).toBe(DEFAULT_PRICE_FLOORS.onlineCentsPerHour);
    expect(minimumPrice(cooking, ['instructor_location'], 60)?.cents).toBe(9_000);
  });

  it('applies the in-person floor for any in-person type and the online floor for online, the higher when both', () => {
    for (const types of LESSON_TYPE_SETS) {
      const inPerson = types.some((type) => type !== 'online');
      const result = minimumPrice(music, types, 60);
      expect(result?.basis, types.join('+')).toBe(inPerson ? 'in_person' : 'online');
    }
    // A category whose online floor is the higher one (not in the catalog today, but allowed).
    const odd = { inPersonCentsPerHour: 5_000, onlineCentsPerHour: 7_000 };
    expect(minimumPrice(odd, ['student_location', 'online'], 60)).toEqual({ cents: 7_000, floorCentsPerHour: 7_000, basis: 'online' });
    expect(minimumPrice(music, [], 60)).toBeNull();
  });
});

describe('pricingProblems', () => {
  it('accepts a price exactly at the floor and refuses one cent less, for every duration, lesson-type set and floor', () => {
    for (const floors of [music, testPrep, cooking]) {
      for (const types of LESSON_TYPE_SETS) {
        for (const minutes of LESSON_DURATIONS) {
          const floor = minimumPrice(floors, types, minutes)!.cents;
          expect(pricingProblems(piano({ floors, lessonTypes: types, rates: [{ durationMinutes: minutes, rateCents: floor }] }))).toEqual([]);
          const refused = pricingProblems(piano({ floors, lessonTypes: types, rates: [{ durationMinutes: minutes, rateCents: floor - 1 }] }));
          expect(refused).toHaveLength(1);
          expect(refused[0]!.path).toBe('rates.0.rateCents');
        }
      }
    }
  });

  it('holds for any hourly floor (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom(...LESSON_TYPE_SETS),
        fc.constantFrom(...LESSON_DURATIONS),
        (inPerson, online, types, minutes) => {
          const floors = { inPersonCentsPerHour: inPerson, onlineCentsPerHour: online };
          const minimum = minimumPrice(floors, types, minutes)!;
          // Never below the exact prorated amount, and less than a cent above it.
          const exact = (minimum.floorCentsPerHour * minutes) / 60;
          expect(minimum.cents).toBeGreaterThanOrEqual(exact);
          expect(minimum.cents - exact).toBeLessThan(1);
          const offer = (rateCents: number) => piano({ floors, lessonTypes: types, rates: [{ durationMinutes: minutes, rateCents }] });
          expect(pricingProblems(offer(minimum.cents))).toEqual([]);
          if (minimum.cents > 1) expect(pricingProblems(offer(minimum.cents - 1))).toHaveLength(1);
        },
      ),
    );
  });

  it('names the duration, the price and the floor in dollars', () => {
    expect(pricingProblems(piano({ rates: [{ durationMinutes: 45, rateCents: 5_000 }] }))).toEqual([
      { path: 'rates.0.rateCents', reason: 'A 45-minute lesson must cost at least $60.00 in person (the Music floor is $80/hour)' },
    ]);
    expect(pricingProblems(piano({ lessonTypes: ['online'], rates: [{ durationMinutes: 30, rateCents: 2_999 }] }))).toEqual([
      { path: 'rates.0.rateCents', reason: 'A 30-minute lesson must cost at least $30.00 online (the Music online floor is $60/hour)' },
    ]);
    const sat = piano({ serviceName: 'SAT', categoryName: 'Test Prep', floors: testPrep, lessonTypes: ['online', 'student_location'] });
    expect(pricingProblems({ ...sat, rates: [{ durationMinutes: 90, rateCents: 14_000 }] })[0]!.reason).toBe(
      'A 90-minute lesson must cost at least $142.50 in person (the Test Prep floor is $95/hour)',
    );
  });

  it('reports each bad rate at its own index', () => {
    const problems = pricingProblems(
      piano({
        allowedDurations: [30, 45, 60],
        rates: [
          { durationMinutes: 30, rateCents: 4_000 },
          { durationMinutes: 90, rateCents: 20_000 },
          { durationMinutes: 60, rateCents: 7_999 },
          { durationMinutes: 30, rateCents: 5_000 },
        ],
      }),
    );
    expect(problems).toEqual([
      { path: 'rates.1.durationMinutes', reason: 'Piano lessons can be 30, 45 or 60 minutes long' },
      { path: 'rates.2.rateCents', reason: 'A 60-minute lesson must cost at least $80.00 in person (the Music floor is $80/hour)' },
      { path: 'rates.3.durationMinutes', reason: '30 minutes is listed twice' },
    ]);
  });

  it('needs at least one lesson type and one price, in whole positive cents', () => {
    expect(pricingProblems(piano({ lessonTypes: [], rates: [] }))).toEqual([
      { path: 'lessonTypes', reason: 'choose at least one lesson type' },
      { path: 'rates', reason: 'add a price for at least one lesson length' },
    ]);
    expect(pricingProblems(piano({ rates: [{ durationMinutes: 60, rateCents: 8_000.5 }] }))[0]!.path).toBe('rates.0.rateCents');
    expect(pricingProblems(piano({ rates: [{ durationMinutes: 60, rateCents: 0 }] }))[0]!.reason).toMatch(/above zero/);
  });
});

describe('formatting', () => {
  it('formats prices and hourly floors', () => {
    expect(formatCents(6_000)).toBe('$60.00');
    expect(formatCents(6_188)).toBe('$61.88');
    expect(formatCents(5)).toBe('$0.05');
    expect(formatCents(123_456)).toBe('$1,234.56');
    expect(formatHourly(8_000)).toBe('$80/hour');
    expect(formatHourly(8_250)).toBe('$82.50/hour');
    expect(describeDurations([60, 30])).toBe('30 or 60 minutes');
    expect(describeDurations([45])).toBe('45 minutes');
    expect(belowFloorMessage(45, { cents: 6_000, floorCentsPerHour: 8_000, basis: 'in_person' }, 'Music')).toContain('$60.00 in person');
  });

  it('converts a lesson price to its hourly equivalent', () => {
    expect(hourlyEquivalentCents(6_000, 45)).toBe(8_000);
    expect(hourlyEquivalentCents(4_500, 30)).toBe(9_000);
    expect(hourlyEquivalentCents(10_001, 90)).toBe(6_667);
  });
});
