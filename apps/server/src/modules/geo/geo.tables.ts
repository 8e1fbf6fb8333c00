import type { ColumnType } from 'kysely';

/**
 * Geometry columns hold PostGIS values (EWKB hex when selected raw). Nothing reads them raw:
 * queries go through PostGIS functions (st_asgeojson, st_intersects, …) in sql fragments.
 */
type Geometry = ColumnType<string, string, string>;

export const BOROUGHS = ['Manhattan', 'Bronx', 'Brooklyn', 'Queens', 'Staten Island'] as const;
export type Borough = (typeof BOROUGHS)[number];

/** NYC 2020 Neighborhood Tabulation Areas: reference data (neighborhoods.sync.ts). */
export interface NeighborhoodsTable {
  /** NTA code, e.g. BK0602. */
  id: string;
  name: string;
  borough: Borough;
  /** DCP's NTA type: residential, park, cemetery, airport, special_use or rikers_island. */
  ntaType: string;
  /** Whether people live there (nta_type = 'residential', migration 0010): only these can be served. */
  residential: ColumnType<boolean, never, never>;
  geom: Geometry;
  centroid: Geometry;
  createdAt: ColumnType<Date, Date | undefined, never>;
  updatedAt: ColumnType<Date, Date | undefined, Date>;
}

export interface InstructorServiceAreasTable {
  instructorId: string;
  neighborhoodId: string;
  createdAt: ColumnType<Date, Date | undefined, never>;
}

/** Maintained by database triggers from instructor_service_areas; read-only here. */
export interface InstructorCoverageTable {
  instructorId: ColumnType<string, never, never>;
  geom: ColumnType<string, never, never>;
  neighborhoodCount: ColumnType<number, never, never>;
  updatedAt: ColumnType<Date, never, never>;
}

export interface GeoTables {
  neighborhoods: NeighborhoodsTable;
  instructorServiceAreas: InstructorServiceAreasTable;
  instructorCoverage: InstructorCoverageTable;
}
