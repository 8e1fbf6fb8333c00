-- The email channel (PRODUCT.md §9). Each email we decide to send is rendered and stored here in
-- the same transaction as the change that caused it, and the `notifications.send_email` job
-- (enqueued in that transaction too) hands it to the provider.
create table email_messages (
  id ulid primary key,
  -- Deleting an account deletes the mail we sent it: the rows hold its personal data.
  user_id ulid references users (id) on delete cascade,
  to_address citext not null check (to_address ~ '^[^@\s]+@[^@\s]+$' and length(to_address) <= 254),
  template text not null,
  subject text not null,
  html text not null,
  text text not null,
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
  attempts integer not null default 0 check (attempts >= 0),
  provider_message_id text,
  last_error text,
  created_at timestamptz not null,
  sent_at timestamptz,
  -- A sent message always says when and under which provider id; nothing else has those.
  check ((status = 'sent') = (sent_at is not null)),
  check (status <> 'sent' or provider_message_id is not null)
);
create index email_messages_user_idx on email_messages (user_id, created_at desc) where user_id is not null;
create index email_messages_status_idx on email_messages (status, created_at) where status <> 'sent';

-- The local outbox adapter's mailbox (development default when RESEND_API_KEY is unset): what it
-- "delivered", read by GET /api/v1/dev/outbox/email and the /dev/mailbox page. Like Resend, one
-- idempotency key delivers one message.
create table outbox_emails (
  id ulid primary key,
  to_address citext not null,
  from_address text not null,
  subject text not null,
  html text not null,
  text text not null,
  tags jsonb not null default '{}'::jsonb,
  idempotency_key text not null unique,
  created_at timestamptz not null
);
create index outbox_emails_created_idx on outbox_emails (created_at desc, id desc);
create index outbox_emails_to_idx on outbox_emails (to_address, created_at desc);
