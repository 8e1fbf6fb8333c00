-- SMS channel (PRODUCT.md §9) and phone verification (§1).

-- Every SMS we decided to send, in the order we decided it. A row is queued in the same
-- transaction as the change that caused it, together with its `notifications.send_sms` job.
-- "to" is quoted because TO is a reserved word in SQL; Kysely quotes every identifier.
create table sms_messages (
  id ulid primary key,
  user_id ulid not null references users (id) on delete cascade,
  "to" text not null check ("to" ~ '^\+[1-9][0-9]{7,14}$'),
  body text not null check (length(body) between 1 and 1600),
  purpose text not null check (purpose in ('verification', 'notification')),
  segments integer not null check (segments >= 1),
  encoding text not null check (encoding in ('GSM-7', 'UCS-2')),
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
  provider_message_id text,
  last_error text,
  created_at timestamptz not null,
  sent_at timestamptz,
  check ((status = 'sent') = (sent_at is not null and provider_message_id is not null))
);
-- The daily limit sums a user's segments by created_at.
create index sms_messages_user_created_idx on sms_messages (user_id, created_at);

-- One code sent to one number. Only an HMAC of the code is stored. A new request replaces the
-- pending one (at most one pending per user); verified rows stay as the record of when.
create table phone_verifications (
  id ulid primary key,
  user_id ulid not null references users (id) on delete cascade,
  phone_e164 text not null check (phone_e164 ~ '^\+[1-9][0-9]{7,14}$'),
  code_hash text not null,
  expires_at timestamptz not null,
  attempts integer not null default 0 check (attempts between 0 and 5),
  verified_at timestamptz,
  created_at timestamptz not null
);
create unique index phone_verifications_one_pending_idx on phone_verifications (user_id) where verified_at is null;

-- The local SMS outbox: the fake Twilio's own state (what it "sent"), read by developers at
-- GET /api/v1/dev/outbox/sms. Ids look like Twilio message sids ('SM' + 32 hex digits).
create table outbox_sms (
  id text primary key check (id ~ '^SM[0-9a-f]{32}$'),
  -- Insertion order, so "newest first" is exact even when two messages share a timestamp.
  seq bigint generated always as identity,
  "to" text not null,
  "from" text not null,
  body text not null,
  segments integer not null,
  status text not null default 'queued',
  idempotency_key text not null unique,
  created_at timestamptz not null
);
create index outbox_sms_to_idx on outbox_sms ("to", seq);
