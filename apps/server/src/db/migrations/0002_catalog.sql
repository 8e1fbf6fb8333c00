-- The lesson catalog (PRODUCT.md §2): categories of services, each service with search
-- synonyms and allowed lesson lengths; per-hour price floors may be overridden per category.
create table categories (
  id ulid primary key,
  slug citext not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text not null check (length(name) between 1 and 80),
  description text not null default '',
  icon text not null default '',
  display_order integer not null default 0,
  price_floor_in_person_cents integer check (price_floor_in_person_cents > 0),
  price_floor_online_cents integer check (price_floor_online_cents > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table services (
  id ulid primary key,
  category_id ulid not null references categories (id) on delete restrict,
  slug citext not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text not null check (length(name) between 1 and 80),
  description text not null default '',
  synonyms text[] not null default '{}',
  durations integer[] not null
    check (cardinality(durations) > 0 and durations <@ array[30, 45, 60, 90]),
  display_order integer not null default 0,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index services_category_order_idx on services (category_id, display_order);
-- Fuzzy matching of service names ("pian", "guitr") for search.
create index services_name_trgm_idx on services using gin (name gin_trgm_ops);

create trigger categories_updated_at before update on categories
  for each row execute function set_updated_at();
create trigger services_updated_at before update on services
  for each row execute function set_updated_at();
