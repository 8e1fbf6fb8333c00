import type { ColumnType } from 'kysely';

export type TipState = 'pending' | 'succeeded' | 'failed';

/** Tables of migration 0027_tips_refunds.sql: tips after a lesson and admins' refunds. */
export interface BookingTipsTable {
  id: string;
  bookingId: string;
  studentId: string;
  instructorId: string;
  amountCents: number;
  state: TipState;
  requestKey: string | null;
  paymentId: string | null;
  transferId: string | null;
  failure: string | null;
  createdAt: ColumnType<Date, Date, never>;
  finishedAt: Date | null;
}

export interface BookingRefundsTable {
  id: string;
  bookingId: string;
  amountCents: number;
  reason: string;
  adminId: string | null;
  requestKey: string | null;
  state: TipState;
  providerRefundId: string | null;
  instructorReversedCents: number | null;
  failure: string | null;
  createdAt: ColumnType<Date, Date, never>;
  finishedAt: Date | null;
}

export interface BookingTipsTables {
  bookingTips: BookingTipsTable;
  bookingRefunds: BookingRefundsTable;
}
