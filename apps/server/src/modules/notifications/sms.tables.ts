// Filled in by the SMS channel work (migration 0006_sms.sql).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SmsTables {}
