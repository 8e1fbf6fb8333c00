/**
 * Login protection (PRODUCT.md §1): after 3 failures for an account or an IP a CAPTCHA is
 * required, further failures slow down, then sign-in locks for a while. Pure: a function of
 * the failure times and now.
 *
 * Counts are failures in the last 15 minutes (a failure exactly 15 minutes old no longer
 * counts), for the account (its normalised email, whether or not an account exists: the
 * answers must not tell) and for the client address, separately.
 *
 * | failures in 15 min (the higher of account and IP) | CAPTCHA | delay before answering |
 * | 0–2                                                | no      | 0                      |
 * | 3–4                                                | yes     | 0                      |
 * | 5, 6, 7, 8, 9                                      | yes     | 1 s, 2 s, 4 s, 8 s, 16 s |
 * | 10 and more                                        | yes     | 30 s (the cap)         |
 *
 * Lock: when the 10th failure for an account falls within 15 minutes of the first of those ten,
 * the account is locked for 15 minutes from that failure; an address, at its 50th. An address
 * is shared by households, offices and carrier NATs, hence five times the account's threshold.
 * The delay is a slow-down for scripts that guess one after another; the CAPTCHA and the lock
 * are what stop guessing in parallel.
 */
const MINUTE = 60_000;

export const LOGIN_PROTECTION = {
  windowMs: 15 * MINUTE,
  captchaFromFailures: 3,
  slowDownFromFailures: 5,
  firstDelayMs: 1_000,
  maxDelayMs: 30_000,
  lockAccountAtFailures: 10,
  lockIpAtFailures: 50,
  lockMs: 15 * MINUTE,
} as const;

export interface LoginAssessment {
  /** The attempt must carry a CAPTCHA token that verifies. */
  captchaRequired: boolean;
  /** How long to hold the answer to this attempt. */
  delayMs: number;
  /** > 0: refuse the attempt without checking the password, for this long. */
  lockedForMs: number;
}

/** Failure times (ms since epoch) for the account and the address. Any order. */
export interface FailureHistory {
  account: readonly number[];
  ip: readonly number[];
}

export function recentFailures(failuresMs: readonly number[], nowMs: number, windowMs = LOGIN_PROTECTION.windowMs): number {
  // No upper bound: another process's clock may run a few milliseconds ahead of ours.
  return failuresMs.filter((at) => at > nowMs - windowMs).length;
}

/** 0 below 5 failures, then 1 s doubling per failure, capped at 30 s. */
export function delayForFailures(failures: number): number {
  const { slowDownFromFailures, firstDelayMs, maxDelayMs } = LOGIN_PROTECTION;
  if (failures < slowDownFromFailures) return 0;
  const exponent = Math.min(failures - slowDownFromFailures, 30);
  return Math.min(firstDelayMs * 2 ** exponent, maxDelayMs);
}

/**
 * When the latest lock ends: each failure that completes `threshold` failures within the window
 * starts a lock of `lockMs` from itself. Null when no failure ever did.
 */
export function lockEndsAt(failuresMs: readonly number[], threshold: number): number | null {
  const { windowMs, lockMs } = LOGIN_PROTECTION;
  const sorted = [...failuresMs].sort((a, b) => a - b);
  let endsAt: number | null = null;
  for (let last = threshold - 1; last < sorted.length; last++) {
    const first = sorted[last - threshold + 1]!;
    if (sorted[last]! - first < windowMs) endsAt = Math.max(endsAt ?? -Infinity, sorted[last]! + lockMs);
  }
  return endsAt;
}

export function assessLogin(history: FailureHistory, nowMs: number): LoginAssessment {
  const { captchaFromFailures, lockAccountAtFailures, lockIpAtFailures } = LOGIN_PROTECTION;
  const failures = Math.max(recentFailures(history.account, nowMs), recentFailures(history.ip, nowMs));
  const lockEnds = Math.max(
    lockEndsAt(history.account, lockAccountAtFailures) ?? -Infinity,
    lockEndsAt(history.ip, lockIpAtFailures) ?? -Infinity,
  );
  return {
    captchaRequired: failures >= captchaFromFailures,
    delayMs: delayForFailures(failures),
    lockedForMs: Math.max(0, lockEnds - nowMs),
  };
}

/** The failures worth keeping: enough to find the latest lock, none older than a lock could reach back. */
export function retainedFailures(failuresMs: readonly number[], nowMs: number, threshold: number): number[] {
  const { windowMs, lockMs } = LOGIN_PROTECTION;
  return [...failuresMs]
    .filter((at) => at > nowMs - windowMs - lockMs)
    .sort((a, b) => a - b)
    .slice(-2 * threshold);
}
