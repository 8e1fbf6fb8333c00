import { describe, expect, it } from 'vitest';
import { dueDecision, latestFireAtOrBefore, nextFireAfter } from './run-due.policy.ts';

const NY = 'America/New_York';
const at = (iso: string) => new Date(iso);
const decide = (cron: string, lastRunAt: string | null, now: string) =>
  dueDecision({ cron, timeZone: NY, lastRunAt: lastRunAt === null ? null : at(lastRunAt), now: at(now) });

describe('which schedules are due by the marketplace clock', () => {
  it('finds the cron times around an instant, in the marketplace time zone', () => {
    // 03:10 in New York is 08:10 UTC in November (EST).
    expect(nextFireAfter('10 3 * * *', NY, at('2026-11-23T15:00:00Z'))).toEqual(at('2026-11-24T08:10:00Z'));
    expect(latestFireAtOrBefore('10 3 * * *', NY, at('2026-11-23T15:00:00Z'))).toEqual(at('2026-11-23T08:10:00Z'));
    // A cron time exactly now counts as fired.
    expect(latestFireAtOrBefore('0 * * * *', NY, at('2026-11-23T16:00:00Z'))).toEqual(at('2026-11-23T16:00:00Z'));
  });

  it('runs a schedule never run before', () => {
    expect(decide('0 * * * *', null, '2026-11-23T15:20:00Z')).toEqual({
      due: true,
      firedAt: at('2026-11-23T15:00:00Z'),
      nextAt: at('2026-11-23T16:00:00Z'),
    });
  });

  it('is due when a cron time fell after the last run, and not before', () => {
    expect(decide('0 * * * *', '2026-11-23T15:20:00Z', '2026-11-23T15:59:59Z').due).toBe(false);
    expect(decide('0 * * * *', '2026-11-23T15:20:00Z', '2026-11-23T16:00:00Z').due).toBe(true);
    // Run at exactly its cron time, then asked again at the same instant: not twice.
    expect(decide('0 * * * *', '2026-11-23T16:00:00Z', '2026-11-23T16:00:00Z').due).toBe(false);
  });

  it('runs once for a jump over many cron times, standing for the latest', () => {
    expect(decide('*/5 * * * *', '2026-11-23T15:00:00Z', '2026-11-25T09:03:00Z')).toMatchObject({ due: true, firedAt: at('2026-11-25T09:00:00Z') });
  });

  it('follows daylight saving: a 04:00 daily job on the spring-forward day', () => {
    // 2026-03-08: New York skips 02:00–03:00; 04:00 local is 08:00 UTC (EDT).
    expect(decide('0 4 * * *', '2026-03-07T09:00:00Z', '2026-03-08T07:59:00Z').due).toBe(false);
    expect(decide('0 4 * * *', '2026-03-07T09:00:00Z', '2026-03-08T08:00:00Z').due).toBe(true);
  });

  it('waits after the clock was moved back before the last run', () => {
    expect(decide('0 * * * *', '2026-11-23T16:00:00Z', '2026-11-23T12:30:00Z').due).toBe(false);
  });
});
