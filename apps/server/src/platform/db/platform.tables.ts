import type { ColumnType } from 'kysely';

export interface SchemaMigrationsTable {
  version: string;
  name: string;
  checksum: string;
  appliedAt: ColumnType<Date, never, never>;
}

/** Records that a one-time data step (demo data, reference data) ran. */
export interface DataSeedsTable {
  name: string;
  checksum: string;
  appliedAt: ColumnType<Date, Date | undefined, Date>;
}

export interface PlatformTables {
  schemaMigrations: SchemaMigrationsTable;
  dataSeeds: DataSeedsTable;
}
