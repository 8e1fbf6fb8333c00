/** Migration 0009_availability.sql. Dates are New York calendar dates as `YYYY-MM-DD` strings. */

export interface AvailabilityDaysTable {
  instructorId: string;
  date: string;
  /** Hex bitmap, one digit per hour (availability.policy.ts). */
  cells: string;
  updatedAt: Date;
}

export interface AvailabilityBlackoutsTable {
  instructorId: string;
  date: string;
  reason: string | null;
  createdAt: Date;
}

export interface AvailabilityWeeksTable {
  instructorId: string;
  /** A Monday. */
  weekStart: string;
  version: number;
  updatedAt: Date;
}

export interface AvailabilityTemplatesTable {
  instructorId: string;
  monday: string;
  tuesday: string;
  wednesday: string;
  thursday: string;
  friday: string;
  saturday: string;
  sunday: string;
  updatedAt: Date;
}

export interface AvailabilityTables {
  availabilityDays: AvailabilityDaysTable;
  availabilityBlackouts: AvailabilityBlackoutsTable;
  availabilityWeeks: AvailabilityWeeksTable;
  availabilityTemplates: AvailabilityTemplatesTable;
}
