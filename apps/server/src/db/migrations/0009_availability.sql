-- Availability (PRODUCT.md §3): per New York date a bitmap of 15-minute cells, blackout dates,
-- a weekly template, and a version per instructor-week that backs the week's ETag.
--
-- Bitmap encoding (modules/availability/availability.policy.ts): one uppercase hex digit per
-- elapsed hour of the New York day, its bits the quarter-hours :00 :15 :30 :45. A day has 24
-- digits, 23 when the clocks spring forward and 25 when they fall back. No row for a date
-- means nothing is available that day.

-- Hours in a New York calendar day: 23, 24 or 25. Immutable like the time zone conversion it
-- uses (PostgreSQL's tz database), so the cells check below can use it.
create function availability_day_hours(day date) returns integer
language sql immutable strict parallel safe as $$
  select (extract(epoch from (((day + 1)::timestamp at time zone 'America/New_York')
                             - (day::timestamp at time zone 'America/New_York'))) / 3600)::integer
$$;

create table availability_days (
  instructor_id ulid not null references users (id) on delete cascade,
  date date not null,
  cells text not null check (cells ~ '^[0-9A-F]+$' and length(cells) = availability_day_hours(date)),
  updated_at timestamptz not null,
  primary key (instructor_id, date)
);

create table availability_blackouts (
  instructor_id ulid not null references users (id) on delete cascade,
  date date not null,
  reason text check (length(reason) between 1 and 200),
  created_at timestamptz not null,
  primary key (instructor_id, date)
);

-- The ETag of a week is its version here (0 when no row). Every write of the week locks this
-- row, compares the version the editor read (If-Match), writes, and increments it, in one
-- transaction: of two editors holding the same ETag exactly one can win.
create table availability_weeks (
  instructor_id ulid not null references users (id) on delete cascade,
  week_start date not null check (extract(isodow from week_start) = 1),
  version integer not null check (version >= 0),
  updated_at timestamptz not null,
  primary key (instructor_id, week_start)
);

-- The recurring week, one normal 24-hour day (24 hex digits) per weekday, laid on real dates
-- by wall-clock time when applied (see templateCellsFor).
create table availability_templates (
  instructor_id ulid primary key references users (id) on delete cascade,
  monday text not null check (monday ~ '^[0-9A-F]{24}$'),
  tuesday text not null check (tuesday ~ '^[0-9A-F]{24}$'),
  wednesday text not null check (wednesday ~ '^[0-9A-F]{24}$'),
  thursday text not null check (thursday ~ '^[0-9A-F]{24}$'),
  friday text not null check (friday ~ '^[0-9A-F]{24}$'),
  saturday text not null check (saturday ~ '^[0-9A-F]{24}$'),
  sunday text not null check (sunday ~ '^[0-9A-F]{24}$'),
  updated_at timestamptz not null
);
