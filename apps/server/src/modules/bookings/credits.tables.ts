import type { ColumnType } from 'kysely';

/** Credit tables of migration 0023_bookings.sql: platform credit and what each booking used of it. */
export type CreditReason = 'late_cancellation' | 'referral' | 'admin_adjustment' | 'refund';

export interface StudentCreditsTable {
  id: string;
  studentId: string;
  amountCents: number;
  /** Written at issue; afterwards only the booking_credit_uses trigger changes it. */
  remainingCents: number;
  issuedAt: Date;
  expiresAt: Date;
  sourceBookingId: string | null;
  reason: CreditReason;
  createdAt: ColumnType<Date, Date, never>;
}

export interface BookingCreditUsesTable {
  bookingId: string;
  creditId: string;
  cents: number;
}

export interface CreditsTables {
  studentCredits: StudentCreditsTable;
  bookingCreditUses: BookingCreditUsesTable;
}
