import { randomUUID } from 'node:crypto';

/**
 * Mutual exclusion across processes (payment steps per booking, jobs that must not overlap).
 * A lease expires by itself after its TTL, so a crashed holder cannot block forever; the
 * database row lock stays the source of truth, this lock only keeps processes from racing.
 */
export interface LockLease {
  readonly key: string;
  readonly token: string;
  /** Releases the lock if this lease still holds it; false when it had expired and moved on. */
  release(): Promise<boolean>;
  /** Extends the TTL if this lease still holds it. */
  extend(ttlMs: number): Promise<boolean>;
}

export interface Locks {
  readonly kind: 'memory' | 'redis';
  /** Takes the lock now or returns null. */
  tryAcquire(key: string, ttlMs: number): Promise<LockLease | null>;
}

export class LockTimeoutError extends Error {
  constructor(key: string, waitMs: number) {
    super(`Could not acquire lock "${key}" within ${waitMs} ms`);
    this.name = 'LockTimeoutError';
  }
}

export const newLockToken = (): string => randomUUID();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` while holding `key`, waiting up to `waitMs` (real time) for a holder to finish.
 * Throws LockTimeoutError when the lock stays taken.
 */
export async function withLock<T>(
  locks: Locks,
  key: string,
  options: { ttlMs: number; waitMs?: number; retryEveryMs?: number },
  fn: () => Promise<T>,
): Promise<T> {
  const waitMs = options.waitMs ?? 0;
  const retryEvery = options.retryEveryMs ?? 25;
  const deadline = performance.now() + waitMs; // real elapsed time (monotonic), not business time
  let lease = await locks.tryAcquire(key, options.ttlMs);
  while (!lease && performance.now() < deadline) {
    await sleep(retryEvery);
    lease = await locks.tryAcquire(key, options.ttlMs);
  }
  if (!lease) throw new LockTimeoutError(key, waitMs);
  try {
    return await fn();
  } finally {
    await lease.release();
  }
}
