-- Search and discovery memory (PRODUCT.md §4): what people searched, the instructors they
-- favorited and opened, and the location aliases learned from the two.

-- One row per search answered. Anonymous searches keep user_id null. A signed-in user's
-- non-empty searches are their search history: deleting history deletes these rows (the
-- query text is the user's own words; an "anonymised" copy would still be theirs), and
-- deleting the account deletes them through the cascade. Retention purges rows after 90 days.
create table search_events (
  id ulid primary key,
  user_id ulid references users (id) on delete cascade,
  query text not null check (length(query) <= 1000),
  -- History shows one line per query as typed modulo case and spacing; deleting a line deletes
  -- every search of it, so an older copy does not resurface.
  query_key text generated always as (lower(btrim(regexp_replace(query, '\s+', ' ', 'g')))) stored,
  parsed jsonb not null,
  result_count integer not null check (result_count >= 0),
  latency_ms double precision not null check (latency_ms >= 0),
  parser text not null check (parser in ('fast', 'llm')),
  unresolved_location_words text[] not null default '{}',
  created_at timestamptz not null
);

-- Search history: a user's lines newest first (distinct on query_key, then by time).
create index search_events_history_idx on search_events (user_id, query_key, created_at desc, id desc)
  where user_id is not null;
-- Hourly metrics (a time range over everyone) and the retention purge (older than a cutoff).
create index search_events_created_idx on search_events (created_at);
-- Alias learning reads only the signed-in searches that left location words unexplained.
create index search_events_unresolved_idx on search_events (created_at)
  where user_id is not null and cardinality(unresolved_location_words) > 0;

create table favorites (
  user_id ulid not null references users (id) on delete cascade,
  instructor_id ulid not null references users (id) on delete cascade,
  created_at timestamptz not null,
  primary key (user_id, instructor_id)
);
-- A user's favorites, newest first, paginated on (created_at, instructor_id).
create index favorites_user_created_idx on favorites (user_id, created_at desc, instructor_id desc);
-- Deleting an instructor's account cascades here.
create index favorites_instructor_idx on favorites (instructor_id);

-- The latest time a user opened an instructor's profile: one row per pair, updated.
create table instructor_views (
  user_id ulid not null references users (id) on delete cascade,
  instructor_id ulid not null references users (id) on delete cascade,
  viewed_at timestamptz not null,
  primary key (user_id, instructor_id)
);
-- Recently viewed (a user's newest first) and alias learning (one user's views after a time).
create index instructor_views_user_viewed_idx on instructor_views (user_id, viewed_at desc, instructor_id desc);
-- The retention purge.
create index instructor_views_viewed_idx on instructor_views (viewed_at);
-- Deleting an instructor's account cascades here.
create index instructor_views_instructor_idx on instructor_views (instructor_id);

-- Phrases people use for a neighborhood that the gazetteer does not know ("the slope"),
-- learned nightly (location-alias-learning.policy.ts); the search vocabulary loads them.
create table learned_location_aliases (
  phrase text primary key check (phrase = lower(btrim(phrase)) and length(phrase) between 1 and 100),
  neighborhood_code text not null references neighborhoods (id) on delete cascade,
  learned_at timestamptz not null,
  users integer not null check (users > 0)
);
