-- Tips and admin refunds (issue 11 items 9 and 10; modules/bookings/booking-tips.service.ts and
-- booking-refunds.service.ts). Both are money steps (ARCHITECTURE "Money steps"): the row is
-- written with its idempotency keys BEFORE the provider call and finished with the provider's
-- answer in the same transaction as the ledger posting; a row left `pending` is a step a crash
-- interrupted, which a retried request (or `resumePending`) finishes with the same keys.

-- One tip per lesson (a declined one may be tried again): PRODUCT.md §6 "optional after the lesson".
create table booking_tips (
  id ulid primary key,
  booking_id ulid not null references bookings (id) on delete cascade,
  student_id ulid not null references users (id),
  instructor_id ulid not null references users (id),
  amount_cents integer not null check (amount_cents between 100 and 50000),
  state text not null check (state in ('pending', 'succeeded', 'failed')),
  -- The request's Idempotency-Key, when it carried one: the same key answers the same tip.
  request_key text check (length(request_key) <= 100),
  payment_id text check (length(payment_id) <= 255),
  transfer_id text check (length(transfer_id) <= 255),
  failure text check (length(failure) <= 500),
  created_at timestamptz not null,
  finished_at timestamptz,
  check ((state = 'pending') = (finished_at is null))
);
create unique index booking_tips_one_per_booking on booking_tips (booking_id) where state <> 'failed';
create unique index booking_tips_request_key on booking_tips (booking_id, request_key) where request_key is not null;
create index booking_tips_pending_idx on booking_tips (created_at) where state = 'pending';

-- Refunds an admin made (who, why, how much), each one provider refund.
create table booking_refunds (
  id ulid primary key,
  booking_id ulid not null references bookings (id) on delete cascade,
  amount_cents integer not null check (amount_cents > 0),
  reason text not null check (length(reason) between 1 and 1000),
  -- Null for a machine client acting for admins.
  admin_id ulid references users (id),
  request_key text check (length(request_key) <= 100),
  state text not null check (state in ('pending', 'succeeded', 'failed')),
  provider_refund_id text check (length(provider_refund_id) <= 255),
  instructor_reversed_cents integer check (instructor_reversed_cents >= 0),
  failure text check (length(failure) <= 500),
  created_at timestamptz not null,
  finished_at timestamptz,
  check ((state = 'pending') = (finished_at is null))
);
-- One refund in flight per booking: the amounts left to refund are decided one at a time.
create unique index booking_refunds_one_pending on booking_refunds (booking_id) where state = 'pending';
create unique index booking_refunds_request_key on booking_refunds (booking_id, request_key) where request_key is not null;
