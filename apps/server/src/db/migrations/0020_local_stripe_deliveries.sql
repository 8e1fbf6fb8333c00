-- Development and tests only (the local Stripe, packages/local-stripe): how each of its events
-- fared on its way to our own webhook endpoint, as Stripe's dashboard shows per event. The
-- event itself stays in the package's fake_stripe_events; this is the sender's side only, so
-- it stays empty with Stripe itself.
create table local_stripe_deliveries (
  event_id text primary key check (event_id ~ '^evt_[A-Za-z0-9_]+$' and length(event_id) <= 255),
  event_type text not null check (length(event_type) between 1 and 200),
  -- When the first delivery was queued (by the marketplace Clock).
  queued_at timestamptz not null,
  -- POSTs made so far, retries, duplicates and resends included.
  attempts integer not null default 0 check (attempts >= 0),
  -- The last attempt: the endpoint's HTTP status, or null with the connection error instead.
  last_attempt_at timestamptz,
  last_status integer check (last_status between 100 and 599),
  last_error text check (length(last_error) <= 1000),
  -- The first 2xx answer; later failures (a resend) do not clear it.
  delivered_at timestamptz
);

-- The dashboard lists recent events' deliveries; operators look for those never delivered.
create index local_stripe_deliveries_undelivered_idx on local_stripe_deliveries (queued_at) where delivered_at is null;
