// Filled in by the work that owns this module (migration 0007_instructors.sql).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InstructorsTables {}
