import type { Tx } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import type { AnyQueueEmailInput, EmailService } from '../notifications/email.service.ts';
import type { LessonType } from '../instructors/profile.policy.ts';

/** Who cancelled, and what happens to the money: one sentence for both, or one for each side. */
export interface CancellationNotice {
  by: 'student' | 'instructor' | 'admin';
  summary: string | { student: string; instructor: string };
}

type Party = 'student' | 'instructor';

/**
 * The lesson emails (issue 11 item 13), queued through the email channel inside the caller's
 * transaction: the message and its send job exist only if the booking change commits. Both
 * parties' emails go in one `queueAll` (one insert, one job statement: this runs inside the
 * booking's transaction); the send job renders them afterwards. Each function is called once by
 * the step that makes the change (its status guard runs in the same transaction), so each
 * person gets one email per change. No access check: callers are services that made theirs.
 */
export class BookingEmails {
  constructor(private readonly deps: { emails: Pick<EmailService, 'queue' | 'queueAll'> }) {}

  /** Booking confirmed: the student and the instructor each get one. */
  async queueBookingConfirmed(trx: Tx, bookingId: string): Promise<void> {
    const lesson = await readLesson(trx, bookingId);
    const emails = (['student', 'instructor'] as const).map((role): AnyQueueEmailInput => {
      const { reader, data } = lessonFor(lesson, role);
      return { to: reader.email, userId: reader.id, template: 'booking_confirmed', data: { ...data, role, where: whereFor(lesson) } };
    });
    await this.deps.emails.queueAll(trx, emails);
  }

  /**
   * Booking cancelled: the other party is told; the one who cancelled gets a confirmation.
   * Cancelled by an admin, both parties are told (nobody to confirm to).
   */
  async queueBookingCancelled(trx: Tx, bookingId: string, notice: CancellationNotice): Promise<void> {
    const lesson = await readLesson(trx, bookingId);
    const summaryFor = (role: Party) => (typeof notice.summary === 'string' ? notice.summary : notice.summary[role]);
    const emails = (['student', 'instructor'] as const).map((role): AnyQueueEmailInput => {
      const { reader, data } = lessonFor(lesson, role);
      const to = { to: reader.email, userId: reader.id };
      return role === notice.by
        ? { ...to, template: 'booking_cancellation_confirmation', data: { ...data, role, summary: summaryFor(role) } }
        : { ...to, template: 'booking_cancelled', data: { ...data, role, by: notice.by, summary: summaryFor(role) } };
    });
    await this.deps.emails.queueAll(trx, emails);
  }

  /** The authorization still fails at T-12 h: the student is asked to update their card. */
  async queuePaymentFailed(trx: Tx, bookingId: string): Promise<void> {
    const lesson = await readLesson(trx, bookingId);
    const { reader, data } = lessonFor(lesson, 'student');
    await this.deps.emails.queue(trx, { to: reader.email, userId: reader.id, template: 'payment_failed', data });
  }
}

type Lesson = Awaited<ReturnType<typeof readLesson>>;

/** The booking with both parties' addresses and names (read through the caller's transaction). */
async function readLesson(trx: Tx, bookingId: string) {
  const row = await trx
    .selectFrom('bookings')
    .innerJoin('services', 'services.id', 'bookings.serviceId')
    .innerJoin('instructorProfiles', 'instructorProfiles.userId', 'bookings.instructorId')
    .innerJoin('users as student', 'student.id', 'bookings.studentId')
    .innerJoin('users as instructor', 'instructor.id', 'bookings.instructorId')
    .select([
      'bookings.id',
      'bookings.startsAt',
      'bookings.durationMinutes',
      'bookings.locationType',
      'bookings.address',
      'services.name as serviceName',
      'instructorProfiles.studioAddress',
      'instructorProfiles.displayName as instructorDisplayName',
      'student.id as studentId',
      'student.email as studentEmail',
      'student.name as studentName',
      'instructor.id as instructorId',
      'instructor.email as instructorEmail',
      'instructor.name as instructorName',
    ])
    .where('bookings.id', '=', bookingId)
    .executeTakeFirst();
  if (!row) throw notFound('Booking');
  return row;
}

/** The reader (one party) and the lesson as they see it: the other party by the name they know. */
function lessonFor(lesson: Lesson, role: Party) {
  const reader =
    role === 'student'
      ? { id: lesson.studentId, email: lesson.studentEmail, name: lesson.studentName }
      : { id: lesson.instructorId, email: lesson.instructorEmail, name: lesson.instructorDisplayName || lesson.instructorName };
  const otherName = role === 'student' ? lesson.instructorDisplayName || lesson.instructorName : lesson.studentName;
  return {
    reader,
    data: { name: reader.name, lessonId: lesson.id, serviceName: lesson.serviceName, otherName, startsAt: lesson.startsAt, durationMinutes: lesson.durationMinutes },
  };
}

/** Where, on a confirmed booking: both parties may know the studio's and the student's address. */
function whereFor(lesson: Lesson): string | null {
  const type: LessonType = lesson.locationType;
  switch (type) {
    case 'online':
      return 'Online';
    case 'instructor_location':
      return lesson.studioAddress;
    case 'student_location':
      return lesson.address;
    case 'neutral_location':
      return 'A meeting spot you agree on together';
  }
}
