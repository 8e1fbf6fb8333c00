import { describe, expect, it } from 'vitest';
import { newAttemptKey } from './attemptKey';
import { lessonPlace, lessonWhen, newYorkDate, PAYMENT_LABELS, STATUS_LABELS } from './lessonText';

const place = { locationType: 'student_location' as const, address: '120 Prospect Park West', studioAddress: null };

describe('the words of a lesson', () => {
  it('says the time in New York, whatever the zone of the machine, across a UTC midnight', () => {
    expect(lessonWhen({ startsAt: '2026-11-25T15:00:00.000Z', endsAt: '2026-11-25T16:00:00.000Z' })).toMatch(/^Wednesday, November 25, 2026 at 10:00\sAM – 11:00\sAM$/);
    // 23:30 in New York is already the next day in UTC: the day is New York's.
    expect(newYorkDate('2026-11-26T04:30:00.000Z')).toBe('2026-11-25');
    expect(newYorkDate('2026-11-26T05:00:00.000Z')).toBe('2026-11-26');
  });

  it("names the place for who reads it: the student's own place, the studio once its address is given", () => {
    expect(lessonPlace(place, 'student')).toBe('At your place: 120 Prospect Park West');
    expect(lessonPlace(place, 'instructor')).toBe('At the student’s place: 120 Prospect Park West');
    expect(lessonPlace({ ...place, address: null }, 'instructor')).toBe('At the student’s place');
    expect(lessonPlace({ locationType: 'instructor_location', address: null, studioAddress: null }, 'student')).toBe('At the studio (address shown once confirmed)');
    expect(lessonPlace({ locationType: 'instructor_location', address: null, studioAddress: '5 W 54th St' }, 'student')).toBe('At the studio: 5 W 54th St');
    expect(lessonPlace({ locationType: 'online', address: null, studioAddress: null }, 'student')).toBe('Online');
    expect(lessonPlace({ locationType: 'neutral_location', address: null, studioAddress: null }, 'student')).toBe('At a public place');
  });

  it('has words for every status and payment state, none said twice', () => {
    expect(new Set(Object.values(STATUS_LABELS)).size).toBe(Object.keys(STATUS_LABELS).length);
    expect(new Set(Object.values(PAYMENT_LABELS)).size).toBe(Object.keys(PAYMENT_LABELS).length);
  });

  it('makes a new Idempotency-Key for each attempt, in the form the API accepts', () => {
    const keys = Array.from({ length: 50 }, newAttemptKey);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{8,100}$/);
    expect(new Set(keys).size).toBe(50);
  });
});
