import type { Generated } from 'kysely';
import type { Canceller } from './booking-states.ts';
import type { NoShowFinding } from './booking.policy.ts';
import type { CancellationOutcome } from './cancellation.policy.ts';

/**
 * Columns and tables of migration 0025_booking_changes.sql. They are added to the bookings,
 * credits and instructor tables by declaration merging, so the files those tables live in (and
 * every insert of a booking) stay as they are: each new column has a default.
 */
export type ChangeStep = 'cancel_release' | 'cancel_capture' | 'cancel_charge' | 'cancel_refund' | 'no_show_release' | 'no_show_refund';

export interface NoShowReportsTable {
  bookingId: string;
  reporter: Canceller;
  reportedAt: Date;
  disputedAt: Date | null;
  disputeNote: string | null;
  resolvedAt: Date | null;
  finding: NoShowFinding | null;
  resolvedBy: string | null;
}

declare module './bookings.tables.ts' {
  interface BookingsTable {
    /** What the cancellation decided, answered again to a repeated cancel. */
    cancellationOutcome: Generated<CancellationOutcome | null>;
    /** The cancellation's or no-show's provider step in flight. */
    changeStep: Generated<ChangeStep | null>;
  }
}

declare module './credits.tables.ts' {
  interface StudentCreditsTable {
    expiredAt: Generated<Date | null>;
    expiredCents: Generated<number>;
  }
}

declare module '../instructors/instructors.tables.ts' {
  interface InstructorProfilesTable {
    instructorCancellationCount: Generated<number>;
  }
}

declare module '../../platform/db/database.ts' {
  interface DB {
    noShowReports: NoShowReportsTable;
  }
}
