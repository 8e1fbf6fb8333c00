-- Development tool: when POST /api/v1/dev/jobs/run-due last ran each schedule, by the
-- marketplace Clock (which development can move). A schedule is due again once one of its cron
-- times falls after that. Unused in production, where pg-boss runs schedules on wall time.
create table dev_schedule_runs (
  schedule_key text primary key,
  last_run_at timestamptz not null,
  runs integer not null default 1 check (runs >= 1)
);
