import { describe, expect, it } from 'vitest';
import {
  assessLogin,
  delayForFailures,
  lockEndsAt,
  LOGIN_PROTECTION,
  recentFailures,
  retainedFailures,
} from './login-protection.policy.ts';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 10, 23, 15, 0, 0);
const LOCK = LOGIN_PROTECTION.lockMs;

/** `count` failures one second apart, the last one a second ago. */
const burst = (count: number, endingMsAgo = 1_000) => Array.from({ length: count }, (_, i) => NOW - endingMsAgo - (count - 1 - i) * 1_000);

describe('the numbers', () => {
  it('are the documented ones', () => {
    expect(LOGIN_PROTECTION).toEqual({
      windowMs: 15 * MINUTE,
      captchaFromFailures: 3,
      slowDownFromFailures: 5,
      firstDelayMs: 1_000,
      maxDelayMs: 30_000,
      lockAccountAtFailures: 10,
      lockIpAtFailures: 50,
      lockMs: 15 * MINUTE,
    });
  });
});

describe('delayForFailures', () => {
  it.each([
    [0, 0],
    [1, 0],
    [4, 0],
    [5, 1_000],
    [6, 2_000],
    [7, 4_000],
    [8, 8_000],
    [9, 16_000],
    [10, 30_000],
    [11, 30_000],
    [50, 30_000],
    [10_000, 30_000],
  ])('%i failures → %i ms', (failures, delay) => {
    expect(delayForFailures(failures)).toBe(delay);
  });
});

describe('assessLogin by failure counts (all within the window)', () => {
  const lockedFromLastFailure = LOCK - 1_000;
  it.each([
    // account, ip, captcha, delay, locked
    [0, 0, false, 0, 0],
    [1, 1, false, 0, 0],
    [2, 0, false, 0, 0],
    [2, 2, false, 0, 0], // the higher count decides, counts are not added
    [3, 0, true, 0, 0],
    [0, 3, true, 0, 0],
    [4, 2, true, 0, 0],
    [5, 0, true, 1_000, 0],
    [0, 5, true, 1_000, 0],
    [3, 7, true, 4_000, 0],
    [8, 1, true, 8_000, 0],
    [9, 9, true, 16_000, 0],
    [10, 0, true, 30_000, lockedFromLastFailure],
    [0, 10, true, 30_000, 0], // an address locks at 50, not 10
    [12, 0, true, 30_000, lockedFromLastFailure],
    [0, 49, true, 30_000, 0],
    [0, 50, true, 30_000, lockedFromLastFailure],
    [10, 50, true, 30_000, lockedFromLastFailure],
  ])('account %i, ip %i → captcha %s, delay %i, locked %i', (account, ip, captchaRequired, delayMs, lockedForMs) => {
    expect(assessLogin({ account: burst(account), ip: burst(ip) }, NOW)).toEqual({ captchaRequired, delayMs, lockedForMs });
  });
});

describe('the 15-minute window', () => {
  it('forgets a failure exactly 15 minutes old', () => {
    const failures = [NOW - 15 * MINUTE, NOW - 15 * MINUTE + 1, NOW - MINUTE];
    expect(recentFailures(failures, NOW)).toBe(2);
    expect(assessLogin({ account: failures, ip: [] }, NOW).captchaRequired).toBe(false);
    expect(assessLogin({ account: failures, ip: [] }, NOW - 1).captchaRequired).toBe(true);
  });

  it('counts failures stamped a moment ahead by another process', () => {
    expect(recentFailures([NOW + 5], NOW)).toBe(1);
  });

  it('is sliding: three failures spread over 14 minutes still require the CAPTCHA', () => {
    const failures = [NOW - 14 * MINUTE, NOW - 7 * MINUTE, NOW - 1];
    expect(assessLogin({ account: [], ip: failures }, NOW).captchaRequired).toBe(true);
  });
});

describe('locks', () => {
  it('lock for 15 minutes from the failure that completed ten within 15 minutes', () => {
    // Ten failures spread evenly over 14 minutes, the last one a millisecond ago.
    const failures = Array.from({ length: 10 }, (_, i) => NOW - 1 - (9 - i) * (14 * MINUTE) / 9);
    expect(lockEndsAt(failures, 10)).toBe(NOW - 1 + LOCK);
    expect(assessLogin({ account: failures, ip: [] }, NOW).lockedForMs).toBe(LOCK - 1);
  });

  it('do not lock ten failures spread over more than 15 minutes', () => {
    const everyTwoMinutes = Array.from({ length: 10 }, (_, i) => NOW - (9 - i) * 2 * MINUTE);
    expect(lockEndsAt(everyTwoMinutes, 10)).toBeNull();
    // Eight of them are in the window: slowed down, not locked.
    expect(assessLogin({ account: everyTwoMinutes, ip: [] }, NOW)).toEqual({ captchaRequired: true, delayMs: 8_000, lockedForMs: 0 });
  });

  it('end after 15 minutes, leaving a clean slate (every failure is out of the window by then)', () => {
    const failures = burst(10, 0);
    expect(assessLogin({ account: failures, ip: [] }, NOW + LOCK - 1).lockedForMs).toBe(1);
    expect(assessLogin({ account: failures, ip: [] }, NOW + LOCK)).toEqual({ captchaRequired: false, delayMs: 0, lockedForMs: 0 });
  });

  it('take the latest lock when several groups reached the threshold', () => {
    const early = burst(10, 20 * MINUTE);
    const late = burst(10, 2 * MINUTE);
    expect(lockEndsAt([...late, ...early], 10)).toBe(NOW - 2 * MINUTE + LOCK);
  });

  it('lock the longer of the account and the address', () => {
    const assessment = assessLogin({ account: burst(10, 5 * MINUTE), ip: burst(50, MINUTE) }, NOW);
    expect(assessment.lockedForMs).toBe(LOCK - MINUTE);
  });
});

describe('retainedFailures', () => {
  it('keeps at most twice the threshold, newest, none older than a window plus a lock', () => {
    const old = NOW - 30 * MINUTE;
    expect(retainedFailures([old, old + 1, NOW - 1, NOW], NOW, 10)).toEqual([old + 1, NOW - 1, NOW]);
    expect(retainedFailures(burst(25), NOW, 10)).toEqual(burst(25).slice(-20));
  });
});
