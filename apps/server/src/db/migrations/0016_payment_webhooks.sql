-- Stripe webhook events, stored as received before anything acts on them (issue 10, item 4).
-- The event id is the key: Stripe delivers at least once, often several times, and a delivery
-- whose id is already here changes nothing. A job then processes each row exactly once: the
-- handlers' writes and processed_at commit in one transaction with the row locked.
create table payment_webhook_events (
  id text primary key check (id ~ '^evt_[A-Za-z0-9_]+$' and length(id) <= 255),
  type text not null check (length(type) between 1 and 200),
  -- The connected account (acct_…) of a Connect event; null for the platform's own events.
  account text check (length(account) <= 255),
  -- When Stripe created the event (its `created`): handlers compare it to ignore a late, older event.
  created timestamptz not null,
  -- The whole event as verified, so a handler added later can be replayed over old events.
  payload jsonb not null,
  received_at timestamptz not null,
  processed_at timestamptz,
  -- Processing attempts so far, and the last failure's message (cleared once processed).
  attempts integer not null default 0 check (attempts >= 0),
  last_error text
);

-- What is still waiting (or failing): for operators and the dashboard, oldest first.
create index payment_webhook_events_pending_idx on payment_webhook_events (received_at) where processed_at is null;
-- Events of one connected account over time (payouts, identity and onboarding status pages).
create index payment_webhook_events_account_idx on payment_webhook_events (account, created) where account is not null;
