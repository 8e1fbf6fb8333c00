import { describe, expect, it } from 'vitest';
import { travelTargets } from './timeTravel';

describe('the time-travel targets of a lesson', () => {
  it('are T-24 h, T-12 h, the end and end + 24 h, in elapsed hours (a daylight-saving night included)', () => {
    // Sunday 2026-11-01 10:00 New York (EST) — the clocks went back at 2:00 that night.
    const targets = travelTargets({ startsAt: '2026-11-01T15:00:00.000Z', endsAt: '2026-11-01T16:00:00.000Z' });
    expect(targets.map((t) => [t.key, t.at])).toEqual([
      ['t-24h', '2026-10-31T15:00:00.000Z'],
      ['t-12h', '2026-11-01T03:00:00.000Z'],
      ['end', '2026-11-01T16:00:00.000Z'],
      ['end+24h', '2026-11-02T16:00:00.000Z'],
    ]);
    expect(targets.map((t) => t.label)).toEqual(['T-24 h', 'T-12 h', 'Lesson end', 'End + 24 h']);
  });
});
