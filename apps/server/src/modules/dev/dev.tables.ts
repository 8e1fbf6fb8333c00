import type { ColumnType } from 'kysely';

export interface DevEchoRunsTable {
  jobId: string;
  message: string;
  attempts: ColumnType<number, number | undefined, number>;
  completions: ColumnType<number, number | undefined, number>;
  startedAt: Date;
  completedAt: Date | null;
}

export interface DevTables {
  devEchoRuns: DevEchoRunsTable;
}
