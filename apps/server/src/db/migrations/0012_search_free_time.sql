-- Search (issue 9, PRODUCT.md §4): "who has a bookable time in this window" must not decode
-- every instructor's bitmaps at query time. This table holds each instructor's free time as
-- disjoint UTC ranges: available cells of non-blackout days minus bookings widened by the
-- buffer, merged across midnight (modules/availability/free-time.policy.ts). Derived data:
-- modules/availability/free-time.repository.ts rewrites an instructor's rows in the same
-- transaction as every change to their availability days or blackouts (and, later, bookings).

create table instructor_free_time (
  instructor_id ulid not null references users (id) on delete cascade,
  during tstzrange not null check (not isempty(during)),
  -- One instructor's ranges never overlap (they are merged); the constraint's GiST index on
  -- (instructor_id, during) (btree_gist, migration 0001) also answers "this instructor's free
  -- time overlapping the window" for the page's next starts.
  constraint instructor_free_time_disjoint exclude using gist (instructor_id with =, during with &&)
);
-- "Anyone free in these windows" (`during && any(windows)`) across all instructors.
create index instructor_free_time_during_idx on instructor_free_time using gist (during);
-- "This instructor's next free time from now on" (relevance's soonness): the first range ending late enough.
create index instructor_free_time_next_idx on instructor_free_time (instructor_id, upper(during));

-- Keywords rank results by word similarity to the headline and bio (pg_trgm, migration 0001).
create index instructor_profiles_headline_trgm_idx on instructor_profiles using gin (headline gin_trgm_ops);
create index instructor_profiles_bio_trgm_idx on instructor_profiles using gin (bio gin_trgm_ops);
