-- Search speed (issue 9, Benchmark): "the studio is within 3 km of the asked place" was a
-- geography distance between a point and each asked NTA polygon, per candidate: about half a
-- millisecond each, most of a borough search. The same shapes in a metric projection (UTM zone
-- 18N, EPSG:32618, which holds all of New York City) make it a planar distance in metres. In
-- this zone UTM shrinks lengths by 0.03–0.04 % here, so a planar distance decides the 3 km rule
-- outside a narrow band around it, and search.repository.ts asks the geography only inside
-- the band: the answer is exactly the geography's. Stored generated columns stay right when a
-- studio moves or the neighborhoods are re-synced.

alter table instructor_profiles
  add column studio_utm geometry(Point, 32618) generated always as (st_transform(studio_location, 32618)) stored;

alter table neighborhoods
  add column geom_utm geometry(MultiPolygon, 32618) generated always as (st_transform(geom, 32618)) stored;
