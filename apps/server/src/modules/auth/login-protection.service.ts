import { createHmac } from 'node:crypto';
import type { Cache } from '../../platform/cache/cache.port.ts';
import type { Clock } from '../../platform/clock.ts';
import { addressSubject } from '../../platform/http/rate-limit-subject.ts';
import { LockTimeoutError, withLock, type Locks } from '../../platform/lock/lock.port.ts';
import {
  assessLogin,
  LOGIN_PROTECTION,
  retainedFailures,
  type LoginAssessment,
} from './login-protection.policy.ts';

export interface LoginAttempt {
  email: string;
  ip: string;
}

type Subject = { kind: 'account' | 'ip'; key: string; threshold: number };

/**
 * Keeps the failure times that login-protection.policy.ts judges, in the Cache (Redis when
 * configured, so every process sees the same counts). Keys hold a keyed hash of the lowercased
 * email or of the address, never the email itself. A failure is appended under a Lock, since
 * two failures recorded at once must both count; when the lock stays busy (a burst against one
 * account) the failure is still written, at worst losing one to a race, never silently dropped.
 */
export class LoginProtection {
  constructor(
    private readonly deps: {
      cache: Cache;
      locks: Locks;
      clock: Clock;
      /** Keys the hashes, so the store cannot be searched with a list of known emails. */
      secret: string;
    },
  ) {
    if (!deps.secret) throw new Error('LoginProtection needs a secret to hash its keys');
  }

  /** `delayMs` here: how long until this caller may try again (0 = now). */
  async assess(attempt: LoginAttempt): Promise<LoginAssessment> {
    const [account, ip] = this.subjects(attempt);
    const [accountFailures, ipFailures] = await Promise.all([this.read(account), this.read(ip)]);
    const now = this.deps.clock.nowMs();
    const assessment = assessLogin({ account: accountFailures, ip: ipFailures }, now);
    // The slow-down is enforced as a wait between attempts (the next one is accepted `delayMs`
    // after the latest failure) rather than by holding connections open on the server.
    const latest = Math.max(-Infinity, ...accountFailures, ...ipFailures);
    return { ...assessment, delayMs: assessment.delayMs > 0 ? Math.max(0, latest + assessment.delayMs - now) : 0 };
  }

  /** Counts a failed attempt (wrong password, unknown email, failed second factor) for both the account and the address. */
  async recordFailure(attempt: LoginAttempt): Promise<void> {
    const now = this.deps.clock.nowMs();
    await Promise.all(this.subjects(attempt).map((subject) => this.append(subject, now)));
  }

  /** A successful sign-in clears the account's failures (and so its lock); the address keeps its own. */
  async recordSuccess(attempt: LoginAttempt): Promise<void> {
    const [account] = this.subjects(attempt);
    await this.deps.cache.delete(account.key);
  }

  private subjects(attempt: LoginAttempt): [Subject, Subject] {
    const { lockAccountAtFailures, lockIpAtFailures } = LOGIN_PROTECTION;
    return [
      { kind: 'account', key: this.key('account', attempt.email.trim().toLowerCase()), threshold: lockAccountAtFailures },
      { kind: 'ip', key: this.key('ip', addressSubject(attempt.ip)), threshold: lockIpAtFailures },
    ];
  }

  private key(kind: Subject['kind'], value: string): string {
    const digest = createHmac('sha256', this.deps.secret).update(`login-protection\0${kind}\0${value}`).digest('base64url');
    return `login-protection:${kind}:${digest.slice(0, 32)}`;
  }

  private async read(subject: Subject): Promise<number[]> {
    const stored = await this.deps.cache.get<unknown>(subject.key);
    return Array.isArray(stored) ? stored.filter((at): at is number => typeof at === 'number') : [];
  }

  private async append(subject: Subject, now: number): Promise<void> {
    const write = async () => {
      const failures = retainedFailures([...(await this.read(subject)), now], now, subject.threshold);
      // Kept as long as a lock can reach back: a window of failures plus the lock after them.
      await this.deps.cache.set(subject.key, failures, LOGIN_PROTECTION.windowMs + LOGIN_PROTECTION.lockMs);
    };
    try {
      await withLock(this.deps.locks, `${subject.key}:append`, { ttlMs: 5_000, waitMs: 2_000, retryEveryMs: 10 }, write);
    } catch (error) {
      if (!(error instanceof LockTimeoutError)) throw error;
      await write();
    }
  }
}
