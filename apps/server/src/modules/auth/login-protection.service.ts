import { createHmac, randomBytes } from 'node:crypto';
import type { Cache } from '../../platform/cache/cache.port.ts';
import type { Clock } from '../../platform/clock.ts';
import { addressSubject } from '../../platform/http/rate-limit-subject.ts';
import { assessLogin, keptAttempts, LOGIN_PROTECTION, type LoginAssessment, type ProtectedSubject } from './login-protection.policy.ts';

export interface LoginAttempt {
  email: string;
  ip: string;
}

/**
 * One attempt, counted as a failure from the moment it is reserved (so attempts checked in
 * parallel see each other) until the caller says how it ended.
 */
export interface LoginTicket {
  /** Judged on the attempts before this one: refuse, ask for a CAPTCHA, or go ahead. */
  readonly assessment: LoginAssessment;
  /** The attempt was refused before the password was checked, or needs its second step: it does not count. */
  release(): Promise<void>;
  /** Signed in: the account's failures are cleared (and so its lock); the address only gets this attempt back. */
  succeed(): Promise<void>;
  /** The attempt failed and stays counted; the assessment now, this failure included (a lock it just started). */
  fail(): Promise<LoginAssessment>;
}

type Subject = { kind: ProtectedSubject; key: string };

/**
 * Keeps the attempt times that login-protection.policy.ts judges, in the Cache (Redis when
 * configured, so every process sees the same counts). Keys hold a keyed hash of the lowercased
 * email or of the address, never the email itself.
 *
 * An attempt is appended atomically before the slow password hash and judged on what came
 * before it: fifty parallel guesses see 0, 1, 2… earlier attempts, so only the first few get
 * their password checked before the CAPTCHA, the wait or the lock applies. (Reading the count,
 * hashing, then writing let every parallel guess see the same low count.)
 */
export class LoginProtection {
  constructor(
    private readonly deps: {
      cache: Cache;
      clock: Clock;
      /** Keys the hashes, so the store cannot be searched with a list of known emails. */
      secret: string;
      /** False when no CAPTCHA provider is configured: then the waits and locks protect alone. */
      captchaAvailable: boolean;
    },
  ) {
    if (!deps.secret) throw new Error('LoginProtection needs a secret to hash its keys');
  }

  async reserve(attempt: LoginAttempt): Promise<LoginTicket> {
    const subjects = this.subjects(attempt);
    const now = this.deps.clock.nowMs();
    // Unique, so giving one attempt back never removes a parallel one stamped the same millisecond.
    const entry = `${now}.${randomBytes(6).toString('base64url')}`;
    const ttlMs = LOGIN_PROTECTION.windowMs + LOGIN_PROTECTION.lockMs;
    const [account, address] = await Promise.all(
      subjects.map((subject) => this.deps.cache.listPush(subject.key, entry, { ttlMs, keepLast: keptAttempts(subject.kind) })),
    );
    const before = (list: string[]) => times(list.filter((item) => item !== entry));
    const assessment = this.judge(before(account!), before(address!), now);
    const [accountSubject, addressSubject] = subjects;
    return {
      assessment,
      release: async () => {
        await Promise.all(subjects.map((subject) => this.deps.cache.listRemove(subject.key, entry)));
      },
      succeed: async () => {
        await Promise.all([this.deps.cache.delete(accountSubject.key), this.deps.cache.listRemove(addressSubject.key, entry)]);
      },
      fail: async () => this.judge(times(account!), times(address!), this.deps.clock.nowMs()),
    };
  }

  private judge(account: number[], address: number[], now: number): LoginAssessment {
    return assessLogin({ account, address }, now, { captchaAvailable: this.deps.captchaAvailable });
  }

  private subjects(attempt: LoginAttempt): [Subject, Subject] {
    return [
      { kind: 'account', key: this.key('account', attempt.email.trim().toLowerCase()) },
      { kind: 'address', key: this.key('ip', addressSubject(attempt.ip)) },
    ];
  }

  private key(kind: 'account' | 'ip', value: string): string {
    const digest = createHmac('sha256', this.deps.secret).update(`login-protection\0${kind}\0${value}`).digest('base64url');
    return `login-protection:${kind}:${digest.slice(0, 32)}`;
  }
}

/** The attempt times in a list of `{ms}.{nonce}` entries. */
function times(list: readonly string[]): number[] {
  return list.map((item) => Number.parseInt(item, 10)).filter((at) => Number.isFinite(at));
}
