import { MARKETPLACE_TIME_ZONE } from '@instainstru/marketplace-time';
import type { Clock } from '../../platform/clock.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import { activeSchedules, SCHEDULES, type ScheduleSpec } from '../../platform/jobs/schedules.ts';
import { dueDecision } from './run-due.policy.ts';
import type { ScheduleRunsRepository } from './schedule-runs.repository.ts';

export interface RanSchedule {
  key: string;
  job: string;
  /** The cron time this run stands for (the latest at or before now). */
  firedAt: string;
  outcome: 'completed' | 'failed';
  error?: string;
}

export interface WaitingSchedule {
  key: string;
  job: string;
  lastRunAt: string | null;
  nextAt: string;
}

/**
 * POST /dev/jobs/run-due: every schedule whose job exists and whose cron time fell since its
 * last run here — by the marketplace Clock, which development moves — runs now, in this
 * process, once. pg-boss keeps running the same schedules on wall time; the handlers are
 * sweeps by the Clock and idempotent, so the two never do the work twice.
 */
export class RunDueService {
  constructor(
    private readonly deps: {
      clock: Clock;
      jobs: Jobs;
      runs: ScheduleRunsRepository;
      schedules?: readonly ScheduleSpec[];
      timeZone?: string;
    },
  ) {}

  async runDue(): Promise<{ now: string; ran: RanSchedule[]; waiting: WaitingSchedule[] }> {
    const { clock, jobs, runs } = this.deps;
    const now = clock.now();
    const lastRuns = await runs.lastRuns();
    const ran: RanSchedule[] = [];
    const waiting: WaitingSchedule[] = [];
    for (const spec of activeSchedules(this.deps.schedules ?? SCHEDULES, jobs.registeredNames())) {
      const lastRunAt = lastRuns.get(spec.key) ?? null;
      const decision = dueDecision({ cron: spec.cron, timeZone: this.deps.timeZone ?? MARKETPLACE_TIME_ZONE, lastRunAt, now });
      if (!decision.due || !(await runs.claim(spec.key, lastRunAt, now))) {
        waiting.push({ key: spec.key, job: spec.job, lastRunAt: lastRunAt?.toISOString() ?? null, nextAt: decision.nextAt.toISOString() });
        continue;
      }
      const base = { key: spec.key, job: spec.job, firedAt: decision.firedAt.toISOString() };
      try {
        await jobs.runNow(spec.job, {} as never, `run-due:${spec.key}:${now.toISOString()}`);
        ran.push({ ...base, outcome: 'completed' });
      } catch (error) {
        await runs.release(spec.key, now, lastRunAt);
        ran.push({ ...base, outcome: 'failed', error: error instanceof Error ? error.message : String(error) });
      }
    }
    return { now: now.toISOString(), ran, waiting };
  }
}
