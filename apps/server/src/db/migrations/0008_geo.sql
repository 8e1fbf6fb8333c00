-- Where instructors teach (PRODUCT.md §2): NYC neighborhoods (2020 NTAs, reference data loaded
-- at start from apps/server/data/nyc by modules/geo/neighborhoods.sync.ts), the service areas
-- each instructor chose among them, and the union of those areas per instructor, kept in step
-- by triggers. "Who serves this point" finds the neighborhood at the point (GiST) and then its
-- instructors (btree); the unions serve outlines on maps and distance questions.

create table neighborhoods (
  -- The NTA code, e.g. BK0602 (Park Slope): stable across releases of the same NTA vintage.
  id text primary key check (id ~ '^(MN|BX|BK|QN|SI)[0-9]{4}$'),
  name text not null check (length(name) between 1 and 120),
  borough text not null check (borough in ('Manhattan', 'Bronx', 'Brooklyn', 'Queens', 'Staten Island')),
  -- residential, park, cemetery, airport, special_use, rikers_island (DCP's ntaTypeCode).
  nta_type text not null,
  geom geometry(MultiPolygon, 4326) not null check (st_isvalid(geom)),
  -- A label point guaranteed inside the area: the centroid, or a point on the surface when the
  -- centroid falls outside (6 NTAs), as the gazetteer does.
  centroid geometry(Point, 4326) not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index neighborhoods_geom_idx on neighborhoods using gist (geom);
create index neighborhoods_borough_idx on neighborhoods (borough, id);
create trigger neighborhoods_updated_at before update on neighborhoods for each row execute function set_updated_at();

create table instructor_service_areas (
  instructor_id ulid not null references users (id) on delete cascade,
  -- A neighborhood dropped from the reference data takes its service areas with it (and the
  -- coverage triggers below recompute the union without it).
  neighborhood_id text not null references neighborhoods (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (instructor_id, neighborhood_id)
);
-- "Who serves this neighborhood" (the primary key answers "what does this instructor serve").
create index instructor_service_areas_neighborhood_idx on instructor_service_areas (neighborhood_id, instructor_id);

-- One row per instructor with at least one service area: the union of their neighborhoods.
-- Derived data, never written by the application: the triggers below maintain it in the same
-- transaction as any change to instructor_service_areas (whoever writes it: the API, a seed,
-- an admin tool) or to a neighborhood's geometry.
create table instructor_coverage (
  instructor_id ulid primary key references users (id) on delete cascade,
  geom geometry(MultiPolygon, 4326) not null,
  neighborhood_count integer not null check (neighborhood_count > 0),
  updated_at timestamptz not null default now()
);
create index instructor_coverage_geom_idx on instructor_coverage using gist (geom);

create function refresh_instructor_coverage(instructor_ids text[]) returns void language sql as $$
  delete from instructor_coverage c
   where c.instructor_id = any (instructor_ids)
     and not exists (select 1 from instructor_service_areas a where a.instructor_id = c.instructor_id);
  insert into instructor_coverage (instructor_id, geom, neighborhood_count)
  select a.instructor_id, st_multi(st_collectionextract(st_union(n.geom), 3)), count(*)
    from instructor_service_areas a
    join neighborhoods n on n.id = a.neighborhood_id
   where a.instructor_id = any (instructor_ids)
   group by a.instructor_id
  on conflict (instructor_id) do update
     set geom = excluded.geom, neighborhood_count = excluded.neighborhood_count, updated_at = now();
$$;

-- Statement-level with transition tables: replacing an instructor's 8 areas recomputes the
-- union once per statement, not once per row.
create function instructor_service_areas_refresh_coverage() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform refresh_instructor_coverage(array(select distinct instructor_id::text from new_rows));
  elsif tg_op = 'DELETE' then
    perform refresh_instructor_coverage(array(select distinct instructor_id::text from old_rows));
  else
    perform refresh_instructor_coverage(array(select instructor_id::text from old_rows union select instructor_id::text from new_rows));
  end if;
  return null;
end;
$$;
create trigger instructor_service_areas_inserted after insert on instructor_service_areas
  referencing new table as new_rows for each statement execute function instructor_service_areas_refresh_coverage();
create trigger instructor_service_areas_deleted after delete on instructor_service_areas
  referencing old table as old_rows for each statement execute function instructor_service_areas_refresh_coverage();
create trigger instructor_service_areas_updated after update on instructor_service_areas
  referencing old table as old_rows new table as new_rows for each statement execute function instructor_service_areas_refresh_coverage();

-- A new release of the polygons reshapes every union that includes a changed neighborhood.
create function neighborhoods_refresh_coverage() returns trigger language plpgsql as $$
begin
  perform refresh_instructor_coverage(array(
    select distinct a.instructor_id::text
      from new_rows n
      join old_rows o on o.id = n.id
      join instructor_service_areas a on a.neighborhood_id = n.id
     where o.geom is distinct from n.geom));
  return null;
end;
$$;
create trigger neighborhoods_geometry_updated after update on neighborhoods
  referencing old table as old_rows new table as new_rows for each statement execute function neighborhoods_refresh_coverage();
