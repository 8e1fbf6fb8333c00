/**
 * Login protection (PRODUCT.md §1): after 3 failures for an account or an address a CAPTCHA is
 * required, further failures slow down, then sign-in locks for a while. Pure: a function of
 * the failure times and now.
 *
 * Counts are failures in the last 15 minutes (a failure exactly 15 minutes old no longer
 * counts), for the account (its normalised email, whether or not an account exists: the
 * answers must not tell) and for the client address, separately. Only failures count: a
 * successful sign-in gives its attempt back.
 *
 * | failures in 15 min | account                       | address (shared by a school, a family, a carrier NAT) |
 * | CAPTCHA from       | 3                             | 3                                                      |
 * | slow-down from     | 5: 1 s, then doubling to 30 s | 20: 1 s, then doubling to 30 s                         |
 * | lock at            | 10, for 15 minutes            | 50, for 15 minutes                                     |
 *
 * A CAPTCHA costs a person a click, so an address asks for it as early as an account; waits
 * and locks stop everyone behind the address, so they start much later there.
 *
 * Lock: when the 10th failure for an account falls within 15 minutes of the first of those ten,
 * the account is locked for 15 minutes from that failure; an address, at its 50th. Without a
 * CAPTCHA provider, protection is the slow-down and the lock alone. The delay is a slow-down for
 * scripts that guess one after another; the CAPTCHA and the lock stop guessing in parallel.
 */
const MINUTE = 60_000;

export const LOGIN_PROTECTION = {
  windowMs: 15 * MINUTE,
  firstDelayMs: 1_000,
  maxDelayMs: 30_000,
  lockMs: 15 * MINUTE,
  account: { captchaFromFailures: 3, slowDownFromFailures: 5, lockAtFailures: 10 },
  address: { captchaFromFailures: 3, slowDownFromFailures: 20, lockAtFailures: 50 },
} as const;

export type ProtectedSubject = 'account' | 'address';

export interface LoginAssessment {
  /** The attempt must carry a CAPTCHA token that verifies (never when no CAPTCHA is configured). */
  captchaRequired: boolean;
  /** How long until the next attempt is accepted (0 = now). */
  delayMs: number;
  /** > 0: refuse the attempt without checking the password, for this long. */
  lockedForMs: number;
  /** Whose failures call for the lock, else the wait, else the CAPTCHA: what the answer names. Null when nothing is asked. */
  because: ProtectedSubject | null;
}

/** Failure times (ms since epoch) for the account and the address. Any order. */
export interface FailureHistory {
  account: readonly number[];
  address: readonly number[];
}

export function recentFailures(failuresMs: readonly number[], nowMs: number, windowMs = LOGIN_PROTECTION.windowMs): number {
  // No upper bound: another process's clock may run a few milliseconds ahead of ours.
  return failuresMs.filter((at) => at > nowMs - windowMs).length;
}

/** 0 below `slowDownFrom` failures, then 1 s doubling per failure, capped at 30 s. */
export function delayForFailures(failures: number, slowDownFrom: number): number {
  const { firstDelayMs, maxDelayMs } = LOGIN_PROTECTION;
  if (failures < slowDownFrom) return 0;
  const exponent = Math.min(failures - slowDownFrom, 30);
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

function assessSubject(failuresMs: readonly number[], subject: ProtectedSubject, nowMs: number, captchaAvailable: boolean) {
  const rules = LOGIN_PROTECTION[subject];
  const count = recentFailures(failuresMs, nowMs);
  const delay = delayForFailures(count, rules.slowDownFromFailures);
  // The wait runs from the latest failure, so a caller who waited long enough is not refused.
  const latest = Math.max(-Infinity, ...failuresMs);
  return {
    captchaRequired: captchaAvailable && count >= rules.captchaFromFailures,
    delayMs: delay > 0 ? Math.max(0, latest + delay - nowMs) : 0,
    lockedForMs: Math.max(0, (lockEndsAt(failuresMs, rules.lockAtFailures) ?? -Infinity) - nowMs),
  };
}

/** The stricter of the account's and the address's answers, naming whose it is. */
export function assessLogin(history: FailureHistory, nowMs: number, options: { captchaAvailable: boolean }): LoginAssessment {
  const account = assessSubject(history.account, 'account', nowMs, options.captchaAvailable);
  const address = assessSubject(history.address, 'address', nowMs, options.captchaAvailable);
  const pick = (measure: 'lockedForMs' | 'delayMs'): ProtectedSubject | null =>
    account[measure] > 0 || address[measure] > 0 ? (account[measure] >= address[measure] ? 'account' : 'address') : null;
  const captchaBy: ProtectedSubject | null = account.captchaRequired ? 'account' : address.captchaRequired ? 'address' : null;
  return {
    captchaRequired: account.captchaRequired || address.captchaRequired,
    delayMs: Math.max(account.delayMs, address.delayMs),
    lockedForMs: Math.max(account.lockedForMs, address.lockedForMs),
    because: pick('lockedForMs') ?? pick('delayMs') ?? captchaBy,
  };
}

/** "1 second", "20 seconds", "1 minute", "15 minutes": a wait as people say it (rounded up). */
export function waitInWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/**
 * Attempts in flight that one subject's list must be able to hold beside its counted failures.
 * Refused attempts give their entry back at once, so a list is its failures plus the attempts
 * being checked; trimming it shorter than a burst would drop attempts still in flight, and
 * once the burst's refusals are given back a later guess would see none of them.
 */
const MAX_ATTEMPTS_IN_FLIGHT = 1_000;

/** How many attempts of one subject are kept: enough to find the latest lock, plus any burst in flight. */
export const keptAttempts = (subject: ProtectedSubject) => 2 * LOGIN_PROTECTION[subject].lockAtFailures + MAX_ATTEMPTS_IN_FLIGHT;
