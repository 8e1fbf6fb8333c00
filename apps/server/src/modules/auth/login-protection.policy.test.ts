import { describe, expect, it } from 'vitest';
import {
  assessLogin,
  delayForFailures,
  lockEndsAt,
  LOGIN_PROTECTION,
  recentFailures,
  waitInWords,
} from './login-protection.policy.ts';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 10, 23, 15, 0, 0);
const LOCK = LOGIN_PROTECTION.lockMs;
const yes = { captchaAvailable: true };

/** `count` failures one second apart, the last one a second ago. */
const burst = (count: number, endingMsAgo = 1_000) => Array.from({ length: count }, (_, i) => NOW - endingMsAgo - (count - 1 - i) * 1_000);

describe('the numbers', () => {
  it('are the documented ones', () => {
    expect(LOGIN_PROTECTION).toEqual({
      windowMs: 15 * MINUTE,
      firstDelayMs: 1_000,
      maxDelayMs: 30_000,
      lockMs: 15 * MINUTE,
      account: { captchaFromFailures: 3, slowDownFromFailures: 5, lockAtFailures: 10 },
      address: { captchaFromFailures: 3, slowDownFromFailures: 20, lockAtFailures: 50 },
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
    expect(delayForFailures(failures, 5)).toBe(delay);
  });

  it('starts later for an address', () => {
    expect([19, 20, 21].map((failures) => delayForFailures(failures, 20))).toEqual([0, 1_000, 2_000]);
  });
});

describe('assessLogin by failure counts (all within the window, the last a second ago)', () => {
  const lockedFromLastFailure = LOCK - 1_000;
  // A wait runs from the latest failure, a second ago.
  const wait = (ms: number) => ms - 1_000;
  it.each([
    // account, address, captcha, delay, locked, because
    [0, 0, false, 0, 0, null],
    [2, 2, false, 0, 0, null], // the higher count decides, counts are not added
    [3, 0, true, 0, 0, 'account'],
    [0, 3, true, 0, 0, 'address'],
    [4, 2, true, 0, 0, 'account'],
    [5, 0, true, wait(1_000), 0, 'account'],
    [0, 5, true, 0, 0, 'address'], // a shared address is not slowed down by a few typos
    [0, 19, true, 0, 0, 'address'],
    [0, 20, true, wait(1_000), 0, 'address'],
    [6, 0, true, wait(2_000), 0, 'account'],
    [8, 1, true, wait(8_000), 0, 'account'],
    [10, 0, true, wait(30_000), lockedFromLastFailure, 'account'],
    [0, 10, true, 0, 0, 'address'], // an address locks at 50, not 10
    [0, 49, true, wait(30_000), 0, 'address'],
    [0, 50, true, wait(30_000), lockedFromLastFailure, 'address'],
    [10, 50, true, wait(30_000), lockedFromLastFailure, 'account'],
  ] as const)('account %i, address %i → captcha %s, delay %i, locked %i, because %s', (account, address, captchaRequired, delayMs, lockedForMs, because) => {
    expect(assessLogin({ account: burst(account), address: burst(address) }, NOW, { captchaAvailable: true })).toEqual({
      captchaRequired,
      delayMs,
      lockedForMs,
      because,
    });
  });

  it('never asks for a CAPTCHA when none is configured: the waits and locks still apply', () => {
    const options = { captchaAvailable: false };
    expect(assessLogin({ account: burst(4), address: [] }, NOW, options)).toEqual({ captchaRequired: false, delayMs: 0, lockedForMs: 0, because: null });
    expect(assessLogin({ account: burst(5), address: [] }, NOW, options).delayMs).toBe(0); // waited its second already
    expect(assessLogin({ account: burst(5, 0), address: [] }, NOW, options)).toMatchObject({ captchaRequired: false, delayMs: 1_000, because: 'account' });
    expect(assessLogin({ account: burst(10), address: [] }, NOW, options)).toMatchObject({ captchaRequired: false, lockedForMs: LOCK - 1_000 });
  });
});

describe('the 15-minute window', () => {
  it('forgets a failure exactly 15 minutes old', () => {
    const failures = [NOW - 15 * MINUTE, NOW - 15 * MINUTE + 1, NOW - MINUTE];
    expect(recentFailures(failures, NOW)).toBe(2);
    expect(assessLogin({ account: failures, address: [] }, NOW, yes).captchaRequired).toBe(false);
    expect(assessLogin({ account: failures, address: [] }, NOW - 1, yes).captchaRequired).toBe(true);
  });

  it('counts failures stamped a moment ahead by another process', () => {
    expect(recentFailures([NOW + 5], NOW)).toBe(1);
  });

  it('is sliding: three failures spread over 14 minutes still require the CAPTCHA', () => {
    const failures = [NOW - 14 * MINUTE, NOW - 7 * MINUTE, NOW - 1];
    expect(assessLogin({ account: [], address: failures }, NOW, yes).captchaRequired).toBe(true);
  });
});

describe('locks', () => {
  it('lock for 15 minutes from the failure that completed ten within 15 minutes', () => {
    // Ten failures spread evenly over 14 minutes, the last one a millisecond ago.
    const failures = Array.from({ length: 10 }, (_, i) => NOW - 1 - (9 - i) * (14 * MINUTE) / 9);
    expect(lockEndsAt(failures, 10)).toBe(NOW - 1 + LOCK);
    expect(assessLogin({ account: failures, address: [] }, NOW, yes).lockedForMs).toBe(LOCK - 1);
  });

  it('do not lock ten failures spread over more than 15 minutes', () => {
    const everyTwoMinutes = Array.from({ length: 10 }, (_, i) => NOW - (9 - i) * 2 * MINUTE);
    expect(lockEndsAt(everyTwoMinutes, 10)).toBeNull();
    // Eight of them are in the window: slowed down, not locked.
    expect(assessLogin({ account: everyTwoMinutes, address: [] }, NOW, yes)).toEqual({ captchaRequired: true, delayMs: 8_000, lockedForMs: 0, because: 'account' });
  });

  it('end after 15 minutes, leaving a clean slate (every failure is out of the window by then)', () => {
    const failures = burst(10, 0);
    expect(assessLogin({ account: failures, address: [] }, NOW + LOCK - 1, yes).lockedForMs).toBe(1);
    expect(assessLogin({ account: failures, address: [] }, NOW + LOCK, yes)).toEqual({ captchaRequired: false, delayMs: 0, lockedForMs: 0, because: null });
  });

  it('take the latest lock when several groups reached the threshold', () => {
    const early = burst(10, 20 * MINUTE);
    const late = burst(10, 2 * MINUTE);
    expect(lockEndsAt([...late, ...early], 10)).toBe(NOW - 2 * MINUTE + LOCK);
  });

  it('lock the longer of the account and the address', () => {
    const assessment = assessLogin({ account: burst(10, 5 * MINUTE), address: burst(50, MINUTE) }, NOW, yes);
    expect(assessment.lockedForMs).toBe(LOCK - MINUTE);
    expect(assessment.because).toBe('address');
  });
});

describe('waitInWords', () => {
  it.each([
    [1, '1 second'],
    [1_000, '1 second'],
    [1_001, '2 seconds'],
    [30_000, '30 seconds'],
    [59_500, '1 minute'],
    [60_000, '1 minute'],
    [61_000, '2 minutes'],
    [15 * MINUTE, '15 minutes'],
  ])('%i ms → %s', (ms, words) => {
    expect(waitInWords(ms)).toBe(words);
  });
});
