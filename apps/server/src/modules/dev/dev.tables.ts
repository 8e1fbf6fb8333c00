import type { ColumnType } from 'kysely';

export interface DevEchoRunsTable {
  jobId: string;
  message: string;
  attempts: ColumnType<number, number | undefined, number>;
  completions: ColumnType<number, number | undefined, number>;
  startedAt: Date;
  completedAt: Date | null;
}

/** Migration 0017: the last run of each schedule by POST /dev/jobs/run-due, on the marketplace Clock. */
export interface DevScheduleRunsTable {
  scheduleKey: string;
  lastRunAt: Date;
  runs: ColumnType<number, number | undefined, number>;
}

export interface DevTables {
  devEchoRuns: DevEchoRunsTable;
  devScheduleRuns: DevScheduleRunsTable;
}
