-- Private calendar feeds (issue 11 item 12): one per user, reached by a secret token in the
-- URL. The token is looked up by its sha256 (like refresh and email tokens), so a copy of this
-- table does not open anyone's calendar; it is also kept encrypted (ENCRYPTION_KEY, like 2FA
-- secrets) so the owner can be shown their feed's address again. Rotating replaces both.
create table calendar_feeds (
  user_id ulid primary key references users (id) on delete cascade,
  token_hash text not null unique,
  token_encrypted text not null,
  created_at timestamptz not null,
  rotated_at timestamptz not null
);
