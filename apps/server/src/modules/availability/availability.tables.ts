// Filled in by the work that owns this module (migration 0009_availability.sql).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AvailabilityTables {}
