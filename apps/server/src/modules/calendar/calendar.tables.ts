/** Table of migration 0026_calendar_feeds.sql. */
export interface CalendarFeedsTable {
  userId: string;
  /** sha256 (hex) of the feed token: what a request's token is looked up by. */
  tokenHash: string;
  /** The token sealed with ENCRYPTION_KEY, to show its owner the feed's address again. */
  tokenEncrypted: string;
  createdAt: Date;
  /** When the current token was made (the first one or the latest rotation). */
  rotatedAt: Date;
}

export interface CalendarTables {
  calendarFeeds: CalendarFeedsTable;
}
