// Filled in by the work that owns this module (migration 0008_geo.sql).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface GeoTables {}
