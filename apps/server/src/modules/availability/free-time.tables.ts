/** Migration 0012_search_free_time.sql: derived free time per instructor (free-time.repository.ts writes it). */

export interface InstructorFreeTimeTable {
  instructorId: string;
  /** A PostgreSQL tstzrange literal, `[start,end)`; written and read through SQL. */
  during: string;
}

export interface FreeTimeTables {
  instructorFreeTime: InstructorFreeTimeTable;
}
