-- Development tool: what the `dev.echo` job did, so anyone can watch a job survive a restart
-- and complete exactly once (POST /api/v1/dev/jobs/echo). Unused in production.
create table dev_echo_runs (
  job_id text primary key,
  message text not null,
  attempts integer not null default 1,
  completions integer not null default 0,
  started_at timestamptz not null,
  completed_at timestamptz
);
