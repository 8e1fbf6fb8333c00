import { describe, expect, it } from 'vitest';
import { FEED_STATUSES, firstName, lessonEvent, locationFor, type FeedLesson } from './calendar-events.policy.ts';
import { BOOKING_STATUSES } from '../bookings/booking-states.ts';

const STUDENT = 'student-1';
const INSTRUCTOR = 'instructor-1';
const links = { lessonUrl: (id: string) => `https://app.example/lessons/${id}` };

const lesson = (overrides: Partial<FeedLesson> = {}): FeedLesson => ({
  id: 'b1',
  studentId: STUDENT,
  instructorId: INSTRUCTOR,
  status: 'confirmed',
  startsAt: new Date('2026-11-30T15:00:00Z'),
  endsAt: new Date('2026-11-30T16:00:00Z'),
  updatedAt: new Date('2026-11-23T12:00:00Z'),
  rescheduleCount: 0,
  locationType: 'online',
  address: null,
  studioAddress: '5 Studio Lane, Brooklyn',
  serviceName: 'Piano',
  studentName: 'Sam Student',
  instructorName: 'Ana María López',
  ...overrides,
});

describe('firstName', () => {
  it('keeps the first word only', () => {
    expect(firstName('Ana María López')).toBe('Ana');
    expect(firstName('  Bo  ')).toBe('Bo');
  });
});

describe('locationFor', () => {
  it('says Online for online lessons, to both', () => {
    expect(locationFor(lesson(), STUDENT)).toBe('Online');
    expect(locationFor(lesson(), INSTRUCTOR)).toBe('Online');
  });

  it('gives the studio address to the instructor always, to the student only for a lesson not cancelled', () => {
    const studio = { locationType: 'instructor_location' as const };
    for (const status of ['confirmed', 'completed', 'no_show_student', 'no_show_instructor'] as const) {
      expect(locationFor(lesson({ ...studio, status }), STUDENT)).toBe('5 Studio Lane, Brooklyn');
    }
    for (const status of ['cancelled_by_student', 'cancelled_by_instructor'] as const) {
      expect(locationFor(lesson({ ...studio, status }), STUDENT)).toBe("Instructor's studio");
      expect(locationFor(lesson({ ...studio, status }), INSTRUCTOR)).toBe('5 Studio Lane, Brooklyn');
    }
  });

  it("gives the student's address to the instructor (and the student)", () => {
    const home = lesson({ locationType: 'student_location', address: '1 Home St, Queens' });
    expect(locationFor(home, INSTRUCTOR)).toBe('1 Home St, Queens');
    expect(locationFor(home, STUDENT)).toBe('1 Home St, Queens');
  });

  it('names no address for a neutral spot', () => {
    expect(locationFor(lesson({ locationType: 'neutral_location' }), STUDENT)).toBe('Meeting spot agreed with your instructor');
  });
});

describe('lessonEvent', () => {
  it("names the service and the other party's first name, with a stable UID and the lesson's link", () => {
    const asStudent = lessonEvent(lesson(), STUDENT, links);
    const asInstructor = lessonEvent(lesson(), INSTRUCTOR, links);
    expect(asStudent).toMatchObject({ uid: 'booking-b1@instainstru', summary: 'Piano lesson with Ana', status: 'CONFIRMED', sequence: 0, url: 'https://app.example/lessons/b1' });
    expect(asInstructor).toMatchObject({ uid: 'booking-b1@instainstru', summary: 'Piano lesson with Sam', status: 'CONFIRMED' });
    expect(asStudent.start).toEqual(new Date('2026-11-30T15:00:00Z'));
    expect(asStudent.end).toEqual(new Date('2026-11-30T16:00:00Z'));
    expect(asStudent.stamp).toEqual(new Date('2026-11-23T12:00:00Z'));
  });

  it('bumps SEQUENCE with each reschedule, and once more when cancelled', () => {
    expect(lessonEvent(lesson({ rescheduleCount: 2 }), STUDENT, links).sequence).toBe(2);
    const cancelled = lessonEvent(lesson({ rescheduleCount: 2, status: 'cancelled_by_instructor' }), STUDENT, links);
    expect(cancelled).toMatchObject({ sequence: 3, status: 'CANCELLED', summary: 'Cancelled: Piano lesson with Ana' });
  });
});

describe('FEED_STATUSES', () => {
  it('leaves out holds that are not lessons (pending, expired) and keeps every other status', () => {
    expect(BOOKING_STATUSES.filter((status) => !FEED_STATUSES.includes(status))).toEqual(['pending_payment', 'expired']);
  });
});
