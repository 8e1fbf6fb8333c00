-- Reconciliation runs (issue 10 item 5): what each comparison of the provider's balance
-- transactions with the ledger found, kept so the daily run's result can be read later.
create table ledger_reconciliations (
  id ulid primary key,
  ran_at timestamptz not null,
  window_from timestamptz not null,
  window_to timestamptz not null,
  provider_transactions integer not null check (provider_transactions >= 0),
  ledger_transactions integer not null check (ledger_transactions >= 0),
  difference_count integer not null check (difference_count >= 0),
  differences jsonb not null
);
create index ledger_reconciliations_ran_at on ledger_reconciliations (ran_at desc);
