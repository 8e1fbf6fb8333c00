import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMovableClock, OffsetClock, systemClock } from './clock.ts';
import { clockFor, parseOffset, readClockOffset, writeClockOffset } from './time-travel.ts';

describe('time travel', () => {
  it.each([
    ['+90m', 90 * 60_000],
    ['6h', 6 * 3_600_000],
    ['+3d', 3 * 86_400_000],
    ['-1w', -604_800_000],
  ])('reads %s', (text, ms) => expect(parseOffset(text)).toBe(ms));

  it('refuses what it cannot read', () => {
    expect(() => parseOffset('tomorrow')).toThrow(/use e.g./);
    expect(() => parseOffset('+3y')).toThrow();
  });

  it('stores the offset for the next start, and reset removes it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-'));
    expect(readClockOffset(dir)).toBe(0);
    writeClockOffset(dir, 86_400_000);
    expect(readClockOffset(dir)).toBe(86_400_000);
    expect((clockFor({ isProduction: false, dataDir: dir }) as OffsetClock).offset).toBe(86_400_000);
    expect(clockFor({ isProduction: true, dataDir: dir })).toBe(systemClock);
    writeClockOffset(dir, 0);
    // Development's clock can always be moved while it runs (POST /api/v1/dev/clock); production's never.
    const development = clockFor({ isProduction: false, dataDir: dir });
    expect(isMovableClock(development) && !development.isMoved()).toBe(true);
  });
});
