import type { LessonType } from '../instructors/profile.policy.ts';
import type { BookingStatus } from '../bookings/booking-states.ts';
import type { IcsEvent } from './ics.ts';

/** How far back the feed reaches (issue 11 item 12: upcoming lessons and the last 90 days). */
export const FEED_LOOKBACK_DAYS = 90;

/**
 * Lessons that appear in a feed. Pending holds are not lessons yet and expired holds never
 * were; cancelled lessons stay, as cancelled events, so a calendar that had them drops them.
 */
export const FEED_STATUSES: readonly BookingStatus[] = [
  'confirmed',
  'completed',
  'no_show_student',
  'no_show_instructor',
  'cancelled_by_student',
  'cancelled_by_instructor',
];

const CANCELLED: readonly BookingStatus[] = ['cancelled_by_student', 'cancelled_by_instructor'];

/** What the feed reads of a booking (the calendar repository's row). */
export interface FeedLesson {
  id: string;
  studentId: string;
  instructorId: string;
  status: BookingStatus;
  startsAt: Date;
  endsAt: Date;
  updatedAt: Date;
  rescheduleCount: number;
  locationType: LessonType;
  /** The student's place (student_location only). */
  address: string | null;
  studioAddress: string | null;
  serviceName: string;
  studentName: string;
  instructorName: string;
}

/** "Ana" of "Ana María López": the other party is named by first name only. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] || name.trim();
}

/**
 * Where the lesson is, as this viewer may see it (the same rule as the booking's view): the
 * studio's exact address to the instructor, and to the student only for a lesson that was
 * confirmed and not cancelled; the student's address to that student and their instructor
 * (nobody else has a feed with this lesson).
 */
export function locationFor(lesson: FeedLesson, viewerId: string): string | undefined {
  const asStudent = viewerId === lesson.studentId;
  switch (lesson.locationType) {
    case 'online':
      return 'Online';
    case 'instructor_location': {
      const shown = !asStudent || !CANCELLED.includes(lesson.status);
      return shown && lesson.studioAddress ? lesson.studioAddress : "Instructor's studio";
    }
    case 'student_location':
      return lesson.address ?? "Student's place";
    case 'neutral_location':
      return 'Meeting spot agreed with your instructor';
  }
}

/**
 * One lesson as an event of the viewer's feed. Stable UID per booking; SEQUENCE counts the
 * reschedules, plus one once cancelled, so clients replace their copy; DTSTAMP is the
 * booking's last change (a feed has no METHOD, where §3.8.7.2 makes it the last revision),
 * which keeps the bytes the same until the lesson changes.
 */
export function lessonEvent(lesson: FeedLesson, viewerId: string, links: { lessonUrl: (id: string) => string }): IcsEvent {
  const asStudent = viewerId === lesson.studentId;
  const other = firstName(asStudent ? lesson.instructorName : lesson.studentName);
  const cancelled = CANCELLED.includes(lesson.status);
  const url = links.lessonUrl(lesson.id);
  return {
    uid: `booking-${lesson.id}@instainstru`,
    stamp: lesson.updatedAt,
    start: lesson.startsAt,
    end: lesson.endsAt,
    summary: `${cancelled ? 'Cancelled: ' : ''}${lesson.serviceName} lesson with ${other}`,
    location: locationFor(lesson, viewerId),
    description: `${asStudent ? 'Your lesson' : 'Your student'} on InstaInstru. Details: ${url}`,
    url,
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    sequence: lesson.rescheduleCount + (cancelled ? 1 : 0),
  };
}
