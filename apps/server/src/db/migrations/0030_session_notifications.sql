-- The API keeps live sessions in memory (modules/auth/live-sessions.ts) so a burst of requests
-- does not pay a database round trip each to check its session. The database itself says when an
-- entry must go: every change that can end a session or change what it may do notifies channel
-- `live_sessions`, whatever made it (logout, password change, an admin, a job, plain SQL).
-- NOTIFY is transactional: it is delivered only after the change commits (never for a rolled-back
-- one), which is exactly when the old answer stops being true.
-- Payloads: `s:<session id>` (one session), `u:<user id>` (every session of a user), `*` (all).

create function notify_live_session_change() returns trigger
language plpgsql as $$
begin
  perform pg_notify('live_sessions', 's:' || old.id);
  return null;
end;
$$;

create function notify_live_user_change() returns trigger
language plpgsql as $$
begin
  perform pg_notify('live_sessions', 'u:' || old.id);
  return null;
end;
$$;

create function notify_live_sessions_truncated() returns trigger
language plpgsql as $$
begin
  perform pg_notify('live_sessions', '*');
  return null;
end;
$$;

-- Only the columns a live-session check reads: touching last_used_at on every refresh stays silent.
create trigger sessions_notify_update after update on sessions
  for each row
  when (old.revoked_at is distinct from new.revoked_at
        or old.expires_at is distinct from new.expires_at
        or old.user_id is distinct from new.user_id
        or old.id is distinct from new.id)
  execute function notify_live_session_change();
create trigger sessions_notify_delete after delete on sessions
  for each row execute function notify_live_session_change();
create trigger sessions_notify_truncate after truncate on sessions
  for each statement execute function notify_live_sessions_truncated();

-- Roles are all of a user a session check reads (there is no disabled/suspended column); a
-- deleted user's sessions are deleted by cascade (and notify on their own), this says it once more.
create trigger users_notify_update after update on users
  for each row
  when (old.roles is distinct from new.roles or old.id is distinct from new.id)
  execute function notify_live_user_change();
create trigger users_notify_delete after delete on users
  for each row execute function notify_live_user_change();
create trigger users_notify_truncate after truncate on users
  for each statement execute function notify_live_sessions_truncated();
