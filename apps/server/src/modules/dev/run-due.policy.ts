import { CronExpressionParser } from 'cron-parser';

/**
 * When a schedule is due by the marketplace Clock rather than the wall clock (development's
 * POST /dev/jobs/run-due): a schedule is due when one of its cron times fell in
 * (last run, now]. One run covers every time missed since: the scheduled jobs are sweeps that
 * handle whatever is due by the Clock, so running one once after a jump of a day does the day's
 * work. A schedule never run this way is due. Pure: crons are read in the given time zone.
 */
export interface DueDecision {
  due: boolean;
  /** The latest cron time at or before now: the occurrence a run now stands for. */
  firedAt: Date;
  /** The first cron time after now. */
  nextAt: Date;
}

export function latestFireAtOrBefore(cron: string, timeZone: string, at: Date): Date {
  // prev() is strictly before its start, so start a millisecond later to include `at` itself.
  return CronExpressionParser.parse(cron, { tz: timeZone, currentDate: new Date(at.getTime() + 1) }).prev().toDate();
}

export function nextFireAfter(cron: string, timeZone: string, at: Date): Date {
  return CronExpressionParser.parse(cron, { tz: timeZone, currentDate: at }).next().toDate();
}

export function dueDecision(input: { cron: string; timeZone: string; lastRunAt: Date | null; now: Date }): DueDecision {
  const { cron, timeZone, lastRunAt, now } = input;
  const firedAt = latestFireAtOrBefore(cron, timeZone, now);
  const nextAt = nextFireAfter(cron, timeZone, now);
  return { due: lastRunAt === null || firedAt.getTime() > lastRunAt.getTime(), firedAt, nextAt };
}
