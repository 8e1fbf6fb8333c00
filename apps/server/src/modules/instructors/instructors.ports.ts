/**
 * What this module needs from modules built beside it. The composition root (app.ts) passes
 * the real adapters; tests pass small stubs. A signal that is not passed means "that feature
 * does not exist yet": its checklist item is shown as coming later and does not block.
 */

/** From modules/availability: whether the instructor has bookable time ahead. */
export interface AvailabilitySignal {
  hasUpcomingAvailability(instructorId: string): Promise<boolean>;
}

/** From modules/geo: whether the instructor chose at least one neighborhood to travel to. */
export interface ServiceAreaSignal {
  hasServiceAreas(instructorId: string): Promise<boolean>;
}

/** From modules/payouts: where the instructor's payout account (Stripe Connect) stands. */
export interface PayoutsSignal {
  payoutStatus(instructorId: string): Promise<'not_started' | 'details_needed' | 'pending_verification' | 'enabled' | 'restricted'>;
}

/** From modules/identity: where the instructor's identity check (Stripe Identity) stands, and why the last try failed. */
export interface IdentitySignal {
  identityStatus(userId: string): Promise<{ status: 'not_started' | 'requires_input' | 'processing' | 'verified' | 'canceled'; lastError: string | null }>;
}

export interface NeighborhoodServed {
  /** NTA code, e.g. BK0602. */
  code: string;
  name: string;
  borough: string;
}

/** From modules/geo: the neighborhoods an instructor travels to, for the public profile. */
export interface ServiceAreasReader {
  neighborhoodsServedBy(instructorId: string): Promise<NeighborhoodServed[]>;
}

export type { StudioJitter } from './studio-location.ts';
