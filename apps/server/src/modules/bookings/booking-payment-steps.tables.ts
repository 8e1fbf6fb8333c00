import type { ColumnType } from 'kysely';

/** In the timeline's order (steps written at one instant are listed so). */
export const PAYMENT_STEP_KINDS = ['release', 'authorize', 'payment_failed_notice', 'cancel_unpaid', 'complete', 'capture', 'transfer'] as const;
export type PaymentStepKind = (typeof PAYMENT_STEP_KINDS)[number];
export type PaymentStepOutcome = 'succeeded' | 'failed' | 'superseded';

/**
 * Table of migration 0024_booking_payment_steps.sql (0028 adds `release`): what the payment
 * timeline did, and what is in flight. A `release` gives back authorization `attempt` (a lesson
 * moved past the hold's life); it comes before the authorization that replaces it.
 */
export interface BookingPaymentStepsTable {
  bookingId: string;
  step: PaymentStepKind;
  attempt: number;
  idempotencyKey: string | null;
  amountCents: number | null;
  applicationFeeCents: number | null;
  commissionCents: number | null;
  startedAt: ColumnType<Date, Date, never>;
  finishedAt: Date | null;
  outcome: PaymentStepOutcome | null;
  providerId: string | null;
  detail: string | null;
}

export interface BookingPaymentStepsTables {
  bookingPaymentSteps: BookingPaymentStepsTable;
}
