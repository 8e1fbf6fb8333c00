-- Bookings (issue 11 items 1, 2 and 8; PRODUCT.md §3, §5, §6). The words of the status and
-- payment-state checks are modules/bookings/booking-states.ts; a test compares them.

-- The time an instructor keeps free after each lesson (PRODUCT.md §3: default 15 minutes).
alter table instructor_profiles
  add column booking_buffer_minutes integer not null default 15 check (booking_buffer_minutes between 0 and 120);

-- The time a booking keeps its instructor busy: the lesson and the buffer after it. Adding
-- minutes (never days or months) to a timestamptz does not depend on the time zone, so this is
-- honestly immutable, which an exclusion constraint's expression must be (timestamptz + interval
-- in general is only stable).
create function booking_busy_range(starts_at timestamptz, ends_at timestamptz, buffer_minutes integer)
  returns tstzrange language sql immutable strict parallel safe
  as $$ select tstzrange(starts_at, ends_at + make_interval(mins => buffer_minutes), '[)') $$;

create table bookings (
  id ulid primary key,
  student_id ulid not null references users (id) on delete restrict,
  instructor_id ulid not null references instructor_profiles (user_id) on delete restrict,
  service_id ulid not null references services (id) on delete restrict,
  duration_minutes integer not null check (duration_minutes between 15 and 240),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- The instructor's buffer when the booking was made: it stays free after this lesson.
  buffer_minutes integer not null check (buffer_minutes between 0 and 120),
  location_type text not null check (location_type in ('student_location', 'instructor_location', 'online', 'neutral_location')),
  -- The student's place (student_location only): what they typed, as the geocoder understood it,
  -- and the neighborhood it lies in (one the instructor serves).
  address text check (length(address) between 1 and 300),
  neighborhood_id text references neighborhoods (id) on delete set null,
  status text not null check (status in (
    'pending_payment', 'confirmed', 'completed', 'cancelled_by_student', 'cancelled_by_instructor',
    'no_show_student', 'no_show_instructor', 'expired')),
  payment_state text not null check (payment_state in (
    'awaiting_method', 'scheduled', 'authorized', 'authorization_failed', 'captured', 'released',
    'partially_refunded', 'refunded', 'not_required')),
  lesson_cents integer not null check (lesson_cents > 0),
  booking_fee_cents integer not null check (booking_fee_cents >= 0),
  -- The part of the total paid with platform credits (booking_credit_uses); the card pays the rest.
  credits_cents integer not null default 0 check (credits_cents >= 0),
  total_cents integer not null,
  -- The saved card (pm_…); null only when credits pay everything.
  payment_method_id text check (payment_method_id ~ '^pm_[A-Za-z0-9_]+$' and length(payment_method_id) <= 255),
  -- The provider's payment (pi_…) once an authorization was asked for, and the step in flight:
  -- the intent is written before the provider call, the result after (ARCHITECTURE "Money steps").
  payment_id text check (payment_id ~ '^pi_[A-Za-z0-9_]+$' and length(payment_id) <= 255),
  payment_step text check (payment_step in ('authorize')),
  payment_error text check (length(payment_error) <= 500),
  authorized_at timestamptz,
  -- Cancellation terms stay locked to the first start (PRODUCT.md §5).
  original_starts_at timestamptz not null,
  reschedule_count integer not null default 0 check (reschedule_count between 0 and 2),
  -- A pending hold frees its time at this instant unless payment was validated (the sweep).
  hold_expires_at timestamptz,
  idempotency_key text check (length(idempotency_key) between 8 and 100),
  -- What the first request with that key asked for: the same key with another body is refused.
  request_fingerprint text check (length(request_fingerprint) <= 100),
  cancelled_at timestamptz,
  cancelled_by text check (cancelled_by in ('student', 'instructor', 'admin')),
  cancellation_reason text check (length(cancellation_reason) <= 500),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (ends_at = starts_at + make_interval(mins => duration_minutes)),
  check (total_cents = lesson_cents + booking_fee_cents),
  check (credits_cents <= total_cents),
  check (payment_method_id is not null or credits_cents = total_cents),
  check (location_type <> 'student_location' or address is not null),
  check (student_id <> instructor_id),
  check (status <> 'pending_payment' or hold_expires_at is not null),
  check ((idempotency_key is null) = (request_fingerprint is null)),
  unique (student_id, idempotency_key),
  -- No two bookings of one instructor overlap or sit closer than the earlier one's buffer
  -- (PRODUCT.md §5: "enforced by the database"). Each booking's range runs from its start to
  -- its end plus its buffer, so for a later booking B after A: B.start >= A.end + A.buffer, and
  -- for B before A: A.start >= B.end + B.buffer — the buffer between any two neighbours is the
  -- one of the lesson that comes first. Pending holds block time too (§3).
  constraint bookings_instructor_no_overlap exclude using gist (
    instructor_id with =,
    booking_busy_range(starts_at, ends_at, buffer_minutes) with &&
  ) where (status in ('pending_payment', 'confirmed')),
  -- A student cannot be in two lessons at once (no buffer: back to back is their choice).
  constraint bookings_student_no_overlap exclude using gist (
    student_id with =,
    tstzrange(starts_at, ends_at, '[)') with &&
  ) where (status in ('pending_payment', 'confirmed'))
);

create index bookings_student_idx on bookings (student_id, starts_at, id);
create index bookings_instructor_idx on bookings (instructor_id, starts_at, id);
-- The hold sweep: pending bookings by expiry.
create index bookings_hold_expiry_idx on bookings (hold_expires_at) where status = 'pending_payment';

-- Platform credit (PRODUCT.md §6): issued whole, used partially, expiring a year after issue.
create table student_credits (
  id ulid primary key,
  student_id ulid not null references users (id) on delete cascade,
  amount_cents integer not null check (amount_cents > 0),
  -- What is left; the database refuses a negative balance.
  remaining_cents integer not null check (remaining_cents >= 0 and remaining_cents <= amount_cents),
  issued_at timestamptz not null,
  expires_at timestamptz not null check (expires_at > issued_at),
  source_booking_id ulid references bookings (id) on delete set null,
  reason text not null check (reason in ('late_cancellation', 'referral', 'admin_adjustment', 'refund')),
  created_at timestamptz not null
);

create index student_credits_student_idx on student_credits (student_id, issued_at, id);

-- Which credits paid for which booking. Inserting a use takes its cents from the credit in the
-- same statement (trigger below), so an overdrawn credit fails the remaining_cents check;
-- deleting a use (a cancelled booking giving its credit back) returns them.
create table booking_credit_uses (
  booking_id ulid not null references bookings (id) on delete cascade,
  credit_id ulid not null references student_credits (id) on delete restrict,
  cents integer not null check (cents > 0),
  primary key (booking_id, credit_id)
);

create function booking_credit_use_applies() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    update student_credits set remaining_cents = remaining_cents - new.cents where id = new.credit_id;
    return new;
  end if;
  update student_credits set remaining_cents = remaining_cents + old.cents where id = old.credit_id;
  return old;
end;
$$;

create trigger booking_credit_uses_apply
  after insert or delete on booking_credit_uses
  for each row execute function booking_credit_use_applies();
