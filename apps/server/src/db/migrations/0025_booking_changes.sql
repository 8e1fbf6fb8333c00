-- Changes to a booking after it was made (issue 11 items 5–8; PRODUCT.md §5, §6): cancellation,
-- no-show reports and credit expiry. The timeline's own payment step (bookings.payment_step)
-- is left to the payment sweeps; these steps record their intent in a column of their own.

-- What a cancellation decided (cancellation.policy.ts's outcome, as answered to the caller):
-- cancelling again answers this, whatever the time is now.
alter table bookings add column cancellation_outcome jsonb;
-- The provider step of a cancellation or a no-show resolution in flight: written with the
-- decision before the provider call, cleared with its result (ARCHITECTURE "Money steps").
alter table bookings add column change_step text check (change_step in (
  'cancel_release', 'cancel_capture', 'cancel_charge', 'cancel_refund', 'no_show_release', 'no_show_refund'));

-- Cancellations (and no-shows) counted against an instructor (PRODUCT.md §6).
alter table instructor_profiles add column instructor_cancellation_count integer not null default 0
  check (instructor_cancellation_count >= 0);

-- One no-show report per booking (no-show.policy.ts): reported by one side, disputable by the
-- other within 24 h, resolved by the hourly sweep (undisputed) or an admin (disputed).
create table no_show_reports (
  booking_id ulid primary key references bookings (id) on delete cascade,
  reporter text not null check (reporter in ('student', 'instructor')),
  reported_at timestamptz not null,
  disputed_at timestamptz,
  dispute_note text check (length(dispute_note) <= 1000),
  resolved_at timestamptz,
  finding text check (finding in ('student', 'instructor', 'nobody')),
  resolved_by ulid references users (id) on delete set null,
  check ((resolved_at is null) = (finding is null)),
  check (disputed_at is null or disputed_at >= reported_at)
);
-- The hourly sweep and the admin queue: open reports by time.
create index no_show_reports_open_idx on no_show_reports (reported_at) where resolved_at is null;

-- Credit expiry (PRODUCT.md §6: one year): the expiry job takes what is left, records how much
-- expired and when, and posts it to the ledger once (reference credit:{id}:expire).
alter table student_credits add column expired_at timestamptz;
alter table student_credits add column expired_cents integer not null default 0 check (expired_cents >= 0);
create index student_credits_expiry_idx on student_credits (expires_at) where expired_at is null;
