-- The 24-hour payment timeline's steps (issue 11 item 4; modules/bookings/booking-payments.service.ts):
-- one row per step taken on a booking. A provider step (authorize, capture, transfer) is written
-- BEFORE the provider call with its idempotency key and finished with its result in the same
-- transaction as the booking's change and its ledger posting; a row left unfinished is a step a
-- crash or an outage interrupted, which the next sweep resumes with the same key. The other steps
-- (the payment_failed notice, the T-6 h cancellation, the lesson's completion) are written done.
create table booking_payment_steps (
  booking_id ulid not null references bookings (id) on delete cascade,
  step text not null check (step in ('authorize', 'capture', 'transfer', 'payment_failed_notice', 'cancel_unpaid', 'complete')),
  attempt integer not null check (attempt between 1 and 20),
  idempotency_key text check (length(idempotency_key) <= 200),
  -- What the provider step moves, fixed when the intent is written so a resumed call and the
  -- ledger posting use the same figures.
  amount_cents integer check (amount_cents >= 0),
  application_fee_cents integer check (application_fee_cents >= 0),
  commission_cents integer check (commission_cents >= 0),
  started_at timestamptz not null,
  finished_at timestamptz,
  outcome text check (outcome in ('succeeded', 'failed', 'superseded')),
  provider_id text check (length(provider_id) <= 255),
  detail text check (length(detail) <= 500),
  primary key (booking_id, step, attempt),
  check ((finished_at is null) = (outcome is null))
);

-- The sweeps' health part: steps left half-done.
create index booking_payment_steps_open_idx on booking_payment_steps (started_at) where finished_at is null;
-- Capture and completion candidates by end; authorization candidates by start.
create index bookings_payment_timeline_start_idx on bookings (starts_at) where status = 'confirmed' and payment_state in ('scheduled', 'authorization_failed');
create index bookings_payment_timeline_end_idx on bookings (ends_at) where status in ('confirmed', 'completed', 'no_show_student');
