import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_FLOORS, effectivePriceFloors, floorForDuration, LESSON_DURATIONS, lessonFloors } from './catalog.policy.ts';

describe('price floors', () => {
  it('uses the marketplace defaults ($80 in person, $60 online) when a category overrides nothing', () => {
    expect(effectivePriceFloors({ priceFloorInPersonCents: null, priceFloorOnlineCents: null })).toEqual({
      inPersonCentsPerHour: 8_000,
      onlineCentsPerHour: 6_000,
    });
    expect(DEFAULT_PRICE_FLOORS).toEqual({ inPersonCentsPerHour: 8_000, onlineCentsPerHour: 6_000 });
  });

  it('lets a category override either floor independently', () => {
    expect(effectivePriceFloors({ priceFloorInPersonCents: 9_500, priceFloorOnlineCents: null })).toEqual({
      inPersonCentsPerHour: 9_500,
      onlineCentsPerHour: 6_000,
    });
    expect(effectivePriceFloors({ priceFloorInPersonCents: null, priceFloorOnlineCents: 7_000 })).toEqual({
      inPersonCentsPerHour: 8_000,
      onlineCentsPerHour: 7_000,
    });
  });

  it.each([
    [8_000, 30, 4_000],
    [8_000, 45, 6_000],
    [8_000, 60, 8_000],
    [8_000, 90, 12_000],
    [6_000, 45, 4_500],
    [9_999, 45, 7_500], // 7499.25 rounds up: a floor is never undercut by rounding
    [1, 30, 1],
  ])('prorates %i¢/h over %i min to %i¢', (perHour, minutes, expected) => {
    expect(floorForDuration(perHour, minutes)).toBe(expected);
  });

  it('accepts only the catalog durations and whole cents', () => {
    expect(LESSON_DURATIONS).toEqual([30, 45, 60, 90]);
    expect(() => floorForDuration(8_000, 20)).toThrow(RangeError);
    expect(() => floorForDuration(80.5, 60)).toThrow(RangeError);
    expect(() => floorForDuration(-1, 60)).toThrow(RangeError);
  });
});

describe('lessonFloors', () => {
  it('prorates both floors to every allowed length, shortest first, rounding up to a cent', () => {
    expect(lessonFloors({ inPersonCentsPerHour: 8_250, onlineCentsPerHour: 6_000 }, [60, 45, 30])).toEqual([
      { durationMinutes: 30, inPersonCents: 4_125, onlineCents: 3_000 },
      { durationMinutes: 45, inPersonCents: 6_188, onlineCents: 4_500 },
      { durationMinutes: 60, inPersonCents: 8_250, onlineCents: 6_000 },
    ]);
  });
});
