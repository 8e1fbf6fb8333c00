// Filled in by the email channel work (migration 0005_email.sql).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EmailTables {}
