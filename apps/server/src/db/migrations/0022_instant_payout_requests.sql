-- Instant payouts asked for (issue 10 item 2): an instant payout is two provider calls (the
-- payout, then the 2% fee collected from the instructor's account), so the intent is written
-- before the first and moved on after each. A row left `started` or `paid_out` by a process
-- that died between them is what the sweep (payouts.complete_instant_fees) completes; only
-- those rows make it call the provider.
--   started       written before the payout call; `payout_id` not known yet
--   paid_out      the provider made the payout; its fee not yet collected and posted
--   fee_collected the fee collected and posted (same transaction as the ledger posting)
--   refused       the provider refused the payout, never made it, or it failed: no fee is owed
create table instant_payout_requests (
  id ulid primary key,
  user_id ulid not null references payout_accounts (user_id) on delete cascade,
  account_id text not null check (length(account_id) <= 255),
  -- The provider's idempotency key of the payout call, replayed as is by a retry.
  idempotency_key text not null unique check (length(idempotency_key) <= 300),
  -- The client's Idempotency-Key, when it sent one (also in the payout's metadata).
  request_key text check (length(request_key) <= 255),
  -- Asked for (what leaves the balance) = arrives + fee, integer cents.
  requested_cents integer not null check (requested_cents > 0),
  fee_cents integer not null check (fee_cents >= 0 and fee_cents < requested_cents),
  payout_id text check (length(payout_id) <= 255),
  state text not null check (state in ('started', 'paid_out', 'fee_collected', 'refused')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  -- The payout is known once it was made (a refused one names it when it failed at the bank).
  check (state <> 'started' or payout_id is null),
  check (state not in ('paid_out', 'fee_collected') or payout_id is not null)
);
-- The sweep's question: the unfinished ones, oldest first (a small partial index: most rows are finished).
create index instant_payout_requests_unfinished on instant_payout_requests (created_at) where state in ('started', 'paid_out');
