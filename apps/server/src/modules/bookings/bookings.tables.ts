import type { ColumnType, Generated } from 'kysely';
import type { LessonType } from '../instructors/profile.policy.ts';
import type { BookingStatus, PaymentState } from './booking-states.ts';

/** Tables of migration 0023_bookings.sql (the bookings; credits are in credits.tables.ts). */
export interface BookingsTable {
  id: string;
  studentId: string;
  instructorId: string;
  serviceId: string;
  durationMinutes: number;
  startsAt: Date;
  endsAt: Date;
  /** The instructor's buffer when booked: kept free after this lesson (the exclusion constraint). */
  bufferMinutes: number;
  locationType: LessonType;
  address: string | null;
  neighborhoodId: string | null;
  status: BookingStatus;
  paymentState: PaymentState;
  lessonCents: number;
  bookingFeeCents: number;
  creditsCents: Generated<number>;
  totalCents: number;
  paymentMethodId: string | null;
  paymentId: string | null;
  /** The provider step in flight (intent written before the call, cleared with its result). */
  paymentStep: 'authorize' | null;
  paymentError: string | null;
  authorizedAt: Date | null;
  originalStartsAt: Date;
  rescheduleCount: Generated<number>;
  holdExpiresAt: Date | null;
  idempotencyKey: string | null;
  requestFingerprint: string | null;
  cancelledAt: Date | null;
  cancelledBy: 'student' | 'instructor' | 'admin' | null;
  cancellationReason: string | null;
  createdAt: ColumnType<Date, Date, never>;
  updatedAt: Date;
}

export interface BookingsTables {
  bookings: BookingsTable;
}
