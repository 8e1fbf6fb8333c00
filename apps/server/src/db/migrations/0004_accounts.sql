-- Accounts (PRODUCT.md §1): users with roles, email verification and password reset tokens,
-- sessions with rotating refresh tokens grouped in families, known devices, 2FA.
create table users (
  id ulid primary key,
  email citext not null unique check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 254),
  name text not null check (length(name) between 1 and 120),
  password_hash text not null,
  roles text[] not null check (cardinality(roles) > 0 and roles <@ array['student', 'instructor', 'admin']),
  email_verified_at timestamptz,
  phone_e164 text check (phone_e164 ~ '^\+[1-9][0-9]{7,14}$'),
  phone_verified_at timestamptz,
  -- AES-256-GCM ciphertext of the TOTP secret (TOTP_ENCRYPTION_KEY); null when 2FA is off.
  totp_secret_encrypted text,
  totp_enabled_at timestamptz,
  -- The last TOTP time step accepted, so a code cannot be replayed within its window.
  totp_last_step bigint,
  password_changed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (phone_verified_at is null or phone_e164 is not null),
  check (totp_enabled_at is null or totp_secret_encrypted is not null)
);
create trigger users_updated_at before update on users for each row execute function set_updated_at();

-- Single-use emailed tokens (verification, password reset); only a hash is stored.
create table email_tokens (
  id ulid primary key,
  user_id ulid not null references users (id) on delete cascade,
  purpose text not null check (purpose in ('verify_email', 'password_reset')),
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index email_tokens_user_idx on email_tokens (user_id, purpose);

-- A session is one login on one device (what the user lists and revokes). Its refresh token
-- rotates on every use; the chain of tokens is the session's family. Presenting a token that
-- was already rotated (outside a short grace period for parallel tabs) revokes the session.
create table sessions (
  id ulid primary key,
  user_id ulid not null references users (id) on delete cascade,
  user_agent text not null default '',
  ip text not null default '',
  device_hash text not null,
  created_at timestamptz not null,
  last_used_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_reason text check (revoked_reason in ('logout', 'user_revoked', 'reuse_detected', 'password_changed', 'password_reset', 'admin'))
);
create index sessions_user_idx on sessions (user_id, revoked_at);

create table refresh_tokens (
  id ulid primary key,
  session_id ulid not null references sessions (id) on delete cascade,
  token_hash text not null unique,
  created_at timestamptz not null,
  rotated_at timestamptz
);
create index refresh_tokens_session_idx on refresh_tokens (session_id);

-- Devices a user has logged in from, so a login from a new one sends `new_device_login`.
create table known_devices (
  user_id ulid not null references users (id) on delete cascade,
  device_hash text not null,
  first_seen_at timestamptz not null,
  last_seen_at timestamptz not null,
  primary key (user_id, device_hash)
);

-- 10 single-use backup codes per 2FA enrolment, stored hashed.
create table totp_backup_codes (
  id ulid primary key,
  user_id ulid not null references users (id) on delete cascade,
  code_hash text not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index totp_backup_codes_user_idx on totp_backup_codes (user_id);
