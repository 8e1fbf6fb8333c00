import type { Clock } from '../clock.ts';
import { newLockToken, type LockLease, type Locks } from './lock.port.ts';

export class MemoryLocks implements Locks {
  readonly kind = 'memory' as const;
  private readonly held = new Map<string, { token: string; expiresAt: number }>();

  constructor(private readonly clock: Clock) {}

  async tryAcquire(key: string, ttlMs: number): Promise<LockLease | null> {
    const now = this.clock.nowMs();
    const current = this.held.get(key);
    if (current && current.expiresAt > now) return null;
    const token = newLockToken();
    this.held.set(key, { token, expiresAt: now + ttlMs });
    const holds = () => {
      const entry = this.held.get(key);
      return entry !== undefined && entry.token === token && entry.expiresAt > this.clock.nowMs();
    };
    return {
      key,
      token,
      release: async () => {
        if (!holds()) return false;
        this.held.delete(key);
        return true;
      },
      extend: async (extendMs: number) => {
        if (!holds()) return false;
        this.held.set(key, { token, expiresAt: this.clock.nowMs() + extendMs });
        return true;
      },
    };
  }
}
