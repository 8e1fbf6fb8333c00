-- Instructor supply (PRODUCT.md §2): the public profile an instructor edits, the services they
-- teach with a price per lesson length, and the founding-instructor numbers. Price floors depend
-- on the service's category, which a CHECK cannot see: they are enforced by
-- modules/instructors/pricing.policy.ts; what a CHECK can say is said here.

create table instructor_profiles (
  user_id ulid primary key references users (id) on delete cascade,
  -- The name students see; it starts as the account's name and the instructor may change it.
  display_name text not null check (length(display_name) between 1 and 120),
  headline text not null default '' check (length(headline) <= 100),
  bio text not null default '' check (length(bio) <= 5000),
  years_experience integer check (years_experience between 0 and 80),
  -- ISO 639 language codes ('en', 'es', 'yue'), validated against ICU by the service.
  languages text[] not null default '{}' check (cardinality(languages) <= 10),
  age_groups text[] not null default '{}' check (age_groups <@ array['kids', 'teens', 'adults']::text[]),
  levels text[] not null default '{}' check (levels <@ array['beginner', 'intermediate', 'advanced']::text[]),
  -- Prefix of the resized photo objects in storage (`…/96.webp`, `…/320.webp`, `…/800.webp`).
  photo_key text check (photo_key ~ '^instructors/[0-9A-HJKMNP-TV-Z]{26}/photos/[0-9A-HJKMNP-TV-Z]{26}$'),
  travels_to_students boolean not null default false,
  teaches_at_studio boolean not null default false,
  teaches_online boolean not null default false,
  -- The exact studio address and point are private: public reads get a jittered point only.
  studio_address text check (length(studio_address) between 1 and 300),
  studio_location geometry(Point, 4326),
  status text not null default 'draft' check (status in ('draft', 'published')),
  published_at timestamptz,
  approved_at timestamptz,
  -- Who approved: an admin (user) or the admin assistant (machine client).
  approved_by ulid references users (id) on delete set null,
  approved_by_client text,
  is_founding boolean not null default false,
  founding_number integer unique check (founding_number between 1 and 100),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'published') = (published_at is not null)),
  check (not teaches_at_studio or (studio_address is not null and studio_location is not null)),
  check ((studio_address is null) = (studio_location is null)),
  check (is_founding = (founding_number is not null)),
  check (founding_number is null or approved_at is not null)
);
create trigger instructor_profiles_updated_at before update on instructor_profiles
  for each row execute function set_updated_at();
-- The public directory: published and approved, newest approval first.
create index instructor_profiles_public_idx on instructor_profiles (approved_at desc, user_id desc)
  where status = 'published' and approved_at is not null;
-- Distance queries for "at the instructor's studio" lessons (search).
create index instructor_profiles_studio_idx on instructor_profiles using gist (studio_location)
  where teaches_at_studio;

-- The services an instructor teaches and how (lesson types); one row per (instructor, service).
create table instructor_services (
  instructor_id ulid not null references instructor_profiles (user_id) on delete cascade,
  service_id ulid not null references services (id) on delete restrict,
  lesson_types text[] not null check (
    cardinality(lesson_types) > 0
    and lesson_types <@ array['student_location', 'instructor_location', 'online', 'neutral_location']::text[]
  ),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (instructor_id, service_id)
);
create index instructor_services_service_idx on instructor_services (service_id, instructor_id);
create trigger instructor_services_updated_at before update on instructor_services
  for each row execute function set_updated_at();

-- The price of one lesson of each length the instructor offers for a service, in cents.
-- (The floor is per hour, prorated by length: catalog.policy.ts floorForDuration.)
create table instructor_service_rates (
  instructor_id ulid not null,
  service_id ulid not null,
  duration_minutes integer not null check (duration_minutes in (30, 45, 60, 90)),
  -- At most $2,000 a lesson: anything above is a cents/dollars mix-up, not a price.
  rate_cents integer not null check (rate_cents > 0 and rate_cents <= 200000),
  primary key (instructor_id, service_id, duration_minutes),
  foreign key (instructor_id, service_id) references instructor_services (instructor_id, service_id) on delete cascade
);

-- Founding instructors (PRODUCT.md §2): the first 100 approved. One counter row; approval takes
-- the next number with a single `update … where issued < 100 returning issued`, so concurrent
-- approvals queue on the row lock and each sees the count the previous one committed. Numbers
-- are never reused, even when a founding instructor's account is deleted.
create table founding_instructor_counter (
  singleton boolean primary key default true check (singleton),
  issued integer not null check (issued between 0 and 100)
);
insert into founding_instructor_counter (singleton, issued) values (true, 0);
