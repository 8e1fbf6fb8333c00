-- The double-entry ledger (PRODUCT.md §6): every charge, capture, refund, credit, tip, fee,
-- transfer and payout is a transaction of entries that sum to zero, written in the same
-- database transaction as the state change it records. The rules that turn a money event into
-- entries are in modules/ledger/postings.policy.ts; this file makes the books impossible to
-- unbalance or rewrite, whatever code runs.
--
-- Sign convention: an entry's amount is positive for a debit and negative for a credit. An
-- account's balance is the sum of its entries; accounts whose normal side is credit
-- (liabilities, revenue) show it negated.

-- The chart of accounts. A kind is shared by every account of the kind; per-person kinds
-- (an instructor's payable and their money at the provider, a student's credit) have one
-- account per owner, coded `<kind>:<userId>`.
--   provider_pending            asset    the platform's money at the provider, not yet available
--   provider_cash               asset    the platform's available balance at the provider
--   connected_balance:<id>      asset    an instructor's money in their connected account, not yet paid out
--   instructor_payable:<id>     liability what the platform owes an instructor until it reaches their bank
--   student_credit:<id>         liability platform credit a student can spend
--   tips_payable                liability tips captured and not yet transferred to the instructor
--   revenue_booking_fee         revenue  the students' 12% booking fee
--   revenue_commission          revenue  the instructors' commission
--   revenue_instant_payout_fee  revenue  the 2% instant payout fee
--   revenue_expired_credit      revenue  credit that expired unused
--   refunds                     contra-revenue  the platform's share of money given back
--   provider_fees               expense  the provider's processing fees
--   promotions_expense          expense  referral rewards and goodwill credit
create table ledger_accounts (
  id ulid primary key,
  code text not null unique,
  kind text not null check (kind in (
    'provider_pending', 'provider_cash', 'connected_balance', 'instructor_payable', 'student_credit', 'tips_payable',
    'revenue_booking_fee', 'revenue_commission', 'revenue_instant_payout_fee', 'revenue_expired_credit',
    'refunds', 'provider_fees', 'promotions_expense'
  )),
  normal_side text not null check (normal_side in ('debit', 'credit')),
  -- No cascade: financial records outlive a deleted account (PRODUCT.md §12 privacy keeps them
  -- anonymised), so removing a user who has books means anonymising the user row instead.
  owner_user_id ulid references users (id),
  created_at timestamptz not null,
  check (
    (kind in ('connected_balance', 'instructor_payable', 'student_credit'))
      = (owner_user_id is not null)
  ),
  check (code = kind || coalesce(':' || owner_user_id, '')),
  check (normal_side = case when kind in ('provider_pending', 'provider_cash', 'connected_balance', 'refunds', 'provider_fees', 'promotions_expense')
                            then 'debit' else 'credit' end)
);
create index ledger_accounts_owner_idx on ledger_accounts (owner_user_id) where owner_user_id is not null;

-- One money step, recorded once: the reference names the step (`booking:{id}:capture`), so a
-- step retried after a crash finds its transaction instead of writing a second one.
create table ledger_transactions (
  id ulid primary key,
  kind text not null check (kind ~ '^[a-z][a-z_]{1,49}$'),
  reference text not null unique check (length(reference) between 1 and 200),
  -- The marketplace Clock's time of the movement, not the database's.
  occurred_at timestamptz not null,
  description text not null check (length(description) <= 500),
  -- What this step produced at the provider (charge `ch_…`, refund `re_…`, transfer `tr_…`, or
  -- balance transaction `txn_…` ids): reconciliation matches the provider's balance
  -- transactions to the step by these.
  provider_ids text[] not null default '{}'
);
-- Reconciliation reads a window of time.
create index ledger_transactions_occurred_idx on ledger_transactions (occurred_at);

create table ledger_entries (
  id bigint generated always as identity primary key,
  transaction_id ulid not null references ledger_transactions (id),
  account_id ulid not null references ledger_accounts (id),
  amount_cents bigint not null check (amount_cents <> 0)
);
create index ledger_entries_transaction_idx on ledger_entries (transaction_id);
-- An account's statement, newest first, and its balance.
create index ledger_entries_account_idx on ledger_entries (account_id, id desc) include (amount_cents);

-- Balanced or refused: checked at commit (deferred), when every entry of the transaction is
-- in, so a caller may insert them in any order. One function for both tables: the trigger's
-- argument names the column of NEW that holds the transaction id (`id` on a transaction,
-- `transaction_id` on an entry), so entries added later to a committed transaction are
-- checked too.
create function ledger_check_balanced() returns trigger language plpgsql as $$
declare
  tx_id text := to_jsonb(new) ->> tg_argv[0];
  total numeric;
  entry_count bigint;
begin
  select coalesce(sum(amount_cents), 0), count(*) into total, entry_count
    from ledger_entries where transaction_id = tx_id;
  if entry_count < 2 then
    raise exception 'ledger transaction % has % entries; at least two are needed', tx_id, entry_count
      using errcode = '23514', constraint = 'ledger_transaction_balanced';
  end if;
  if total <> 0 then
    raise exception 'ledger transaction % does not balance: its entries sum to % cents', tx_id, total
      using errcode = '23514', constraint = 'ledger_transaction_balanced';
  end if;
  return null;
end;
$$;

create constraint trigger ledger_transactions_balanced after insert on ledger_transactions
  deferrable initially deferred for each row execute function ledger_check_balanced('id');
create constraint trigger ledger_entries_balanced after insert on ledger_entries
  deferrable initially deferred for each row execute function ledger_check_balanced('transaction_id');

-- The books are append-only: a correction is a reversing transaction, never an edit.
create function ledger_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'ledger % rows are never changed or removed: record a reversing transaction', tg_table_name
    using errcode = '55000';
end;
$$;

create trigger ledger_entries_append_only before update or delete on ledger_entries
  for each row execute function ledger_refuse_change();
create trigger ledger_entries_no_truncate before truncate on ledger_entries
  for each statement execute function ledger_refuse_change();
create trigger ledger_transactions_append_only before update or delete on ledger_transactions
  for each row execute function ledger_refuse_change();
create trigger ledger_transactions_no_truncate before truncate on ledger_transactions
  for each statement execute function ledger_refuse_change();
