-- Payouts onboarding and identity checks (issue 10 items 2 and 3). Both live at the payments
-- provider; these rows are what we last learned about them, from `account.updated` and
-- `identity.verification_session.*` events or from re-reading the provider. `provider_state_at`
-- is the provider's time of the state held (the event's `created`, or when we re-read it): an
-- event older than it arrives late and changes nothing.

-- An instructor's payout account (Stripe Connect Express): one per user, created once.
create table payout_accounts (
  user_id ulid primary key references users (id) on delete cascade,
  account_id text not null unique check (account_id ~ '^acct_[A-Za-z0-9_]+$' and length(account_id) <= 255),
  charges_enabled boolean not null default false,
  payouts_enabled boolean not null default false,
  details_submitted boolean not null default false,
  -- The provider's requirement names (`individual.dob.day`…) due now, overdue, and being checked.
  currently_due text[] not null default '{}',
  past_due text[] not null default '{}',
  pending_verification text[] not null default '{}',
  disabled_reason text check (length(disabled_reason) <= 200),
  provider_state_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

-- Identity verification sessions (Stripe Identity), one row per session a user started; the
-- user is verified once any of theirs is.
create table identity_verifications (
  id text primary key check (id ~ '^vs_[A-Za-z0-9_]+$' and length(id) <= 255),
  user_id ulid not null references users (id) on delete cascade,
  status text not null check (status in ('requires_input', 'processing', 'verified', 'canceled')),
  -- Why the last attempt failed (`document_expired`…); null after a success or before any attempt.
  last_error_code text check (length(last_error_code) <= 100),
  verified_at timestamptz,
  provider_state_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check ((status = 'verified') = (verified_at is not null))
);

create index identity_verifications_user_idx on identity_verifications (user_id, created_at desc);
