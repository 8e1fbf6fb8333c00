import { describe, expect, it } from 'vitest';
import { ControllableClock } from '../../platform/clock.ts';
import type { Role } from '../accounts/permissions.ts';
import { LiveSessions, type ListenForChanges, type LiveSessionRow } from './live-sessions.ts';

/** A repository whose rows the test sets, counting queries; `hold` makes the next query wait. */
class FakeSessions {
  rows = new Map<string, { userId: string; roles: Role[]; expiresAt: Date; revoked?: boolean }>();
  queries = 0;
  private held: { release: () => void } | null = null;
  private holdNext = false;

  hold(): void {
    this.holdNext = true;
  }
  release(): void {
    this.held?.release();
    this.held = null;
  }

  async findLiveSession(sessionId: string, userId: string, now: Date): Promise<LiveSessionRow | undefined> {
    this.queries += 1;
    const row = this.rows.get(sessionId);
    const answer = row && row.userId === userId && !row.revoked && row.expiresAt > now ? { roles: row.roles, expiresAt: row.expiresAt } : undefined;
    if (this.holdNext) {
      this.holdNext = false;
      await new Promise<void>((resolve) => (this.held = { release: resolve }));
    }
    return answer;
  }
}

function setup(options: { maxEntries?: number; ttlMs?: number } = {}) {
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const source = new FakeSessions();
  const expiresAt = new Date(clock.nowMs() + 60 * 60_000);
  source.rows.set('s1', { userId: 'u1', roles: ['student'], expiresAt });
  source.rows.set('s2', { userId: 'u1', roles: ['student'], expiresAt });
  source.rows.set('s3', { userId: 'u2', roles: ['instructor'], expiresAt });
  const live = new LiveSessions(source, options);
  live.setEnabled(true);
  return { clock, source, live, expiresAt };
}

describe('LiveSessions', () => {
  it('asks the database on a miss and answers the next lookup from memory', async () => {
    const { clock, source, live } = setup();
    expect(await live.find('s1', 'u1', clock.now())).toEqual({ roles: ['student'] });
    expect(await live.find('s1', 'u1', clock.now())).toEqual({ roles: ['student'] });
    expect(source.queries).toBe(1);
  });

  it('does not cache a refusal', async () => {
    const { clock, source, live } = setup();
    expect(await live.find('nope', 'u1', clock.now())).toBeNull();
    expect(await live.find('nope', 'u1', clock.now())).toBeNull();
    expect(source.queries).toBe(2);
  });

  it('refuses a cached session once it has expired, without asking', async () => {
    const { clock, source, live, expiresAt } = setup({ ttlMs: 24 * 60 * 60_000 });
    await live.find('s1', 'u1', clock.now());
    clock.set(expiresAt);
    expect(await live.find('s1', 'u1', clock.now())).toBeNull();
    expect(source.queries).toBe(2); // The entry was refused; the database (also refusing) was asked.
    expect(live.size).toBe(0);
  });

  it('asks again once an entry is older than the TTL, and when the clock went backwards', async () => {
    const { clock, source, live } = setup({ ttlMs: 30_000 });
    await live.find('s1', 'u1', clock.now());
    clock.advance(29_999);
    await live.find('s1', 'u1', clock.now());
    expect(source.queries).toBe(1);
    clock.advance(1);
    await live.find('s1', 'u1', clock.now());
    expect(source.queries).toBe(2);
    clock.advance(-1_000);
    await live.find('s1', 'u1', clock.now());
    expect(source.queries).toBe(3);
  });

  it('answers a token naming another user from the database (which refuses it)', async () => {
    const { clock, source, live } = setup();
    await live.find('s1', 'u1', clock.now());
    expect(await live.find('s1', 'u2', clock.now())).toBeNull();
    expect(source.queries).toBe(2);
    // The rightful owner's entry stays.
    expect(await live.find('s1', 'u1', clock.now())).toEqual({ roles: ['student'] });
    expect(source.queries).toBe(2);
  });

  it('forgets one session, every session of a user, or everything', async () => {
    const { clock, source, live } = setup();
    for (const [s, u] of [['s1', 'u1'], ['s2', 'u1'], ['s3', 'u2']] as const) await live.find(s, u, clock.now());
    expect(source.queries).toBe(3);

    source.rows.get('s1')!.revoked = true;
    live.forgetSession('s1');
    expect(await live.find('s1', 'u1', clock.now())).toBeNull();
    expect(source.queries).toBe(4);

    source.rows.get('s2')!.roles = ['student', 'instructor'];
    live.forgetUser('u1');
    expect(await live.find('s2', 'u1', clock.now())).toEqual({ roles: ['student', 'instructor'] });
    expect(await live.find('s3', 'u2', clock.now())).toEqual({ roles: ['instructor'] });
    expect(source.queries).toBe(5); // s3 (another user) was still held.

    live.forgetAll();
    expect(live.size).toBe(0);
    await live.find('s3', 'u2', clock.now());
    expect(source.queries).toBe(6);
  });

  it('understands the notification payloads', async () => {
    const { clock, live } = setup();
    for (const [s, u] of [['s1', 'u1'], ['s2', 'u1'], ['s3', 'u2']] as const) await live.find(s, u, clock.now());
    live.handleNotification('s:s1');
    expect(live.size).toBe(2);
    live.handleNotification('u:u1');
    expect(live.size).toBe(1);
    live.handleNotification('*');
    expect(live.size).toBe(0);
    await live.find('s3', 'u2', clock.now());
    live.handleNotification('something new');
    expect(live.size).toBe(0);
  });

  it('does not store an answer read before an invalidation that arrived while it was in flight', async () => {
    const { clock, source, live } = setup();
    source.hold();
    const inFlight = live.find('s1', 'u1', clock.now());
    await Promise.resolve();
    // The revocation commits and its notification arrives while the query's (live) answer is on its way.
    source.rows.get('s1')!.revoked = true;
    live.forgetSession('s1');
    source.release();
    expect(await inFlight).toEqual({ roles: ['student'] }); // That request began before the revocation.
    expect(live.size).toBe(0);
    expect(await live.find('s1', 'u1', clock.now())).toBeNull();
  });

  it('remembers a session started here only if nothing was invalidated since the mark', async () => {
    const { clock, source, live, expiresAt } = setup();
    const mark = live.mark();
    live.remember({ sessionId: 's1', userId: 'u1', roles: ['student'], expiresAt }, mark, clock.now());
    await live.find('s1', 'u1', clock.now());
    expect(source.queries).toBe(0);

    const stale = live.mark();
    live.forgetUser('u2');
    live.remember({ sessionId: 's2', userId: 'u1', roles: ['student'], expiresAt }, stale, clock.now());
    await live.find('s2', 'u1', clock.now());
    expect(source.queries).toBe(1);
  });

  it('holds at most maxEntries, dropping the oldest', async () => {
    const { clock, source, live } = setup({ maxEntries: 2 });
    for (const [s, u] of [['s1', 'u1'], ['s2', 'u1'], ['s3', 'u2']] as const) await live.find(s, u, clock.now());
    expect(live.size).toBe(2);
    await live.find('s2', 'u1', clock.now());
    await live.find('s3', 'u2', clock.now());
    expect(source.queries).toBe(3);
    await live.find('s1', 'u1', clock.now());
    expect(source.queries).toBe(4);
    // forgetUser still finds what the index holds after evictions.
    live.forgetUser('u1');
    expect(live.size).toBe(1);
  });

  it('asks the database every time while caching is off', async () => {
    const { clock, source, live, expiresAt } = setup();
    live.setEnabled(false);
    await live.find('s1', 'u1', clock.now());
    await live.find('s1', 'u1', clock.now());
    live.remember({ sessionId: 's1', userId: 'u1', roles: ['student'], expiresAt }, live.mark(), clock.now());
    await live.find('s1', 'u1', clock.now());
    expect(source.queries).toBe(3);
    expect(live.size).toBe(0);
  });

  it('caches only while its listener is connected, and listens again after losing it', async () => {
    const clock = new ControllableClock();
    const source = new FakeSessions();
    source.rows.set('s1', { userId: 'u1', roles: ['student'], expiresAt: new Date(clock.nowMs() + 60_000) });
    const errors: unknown[] = [];
    const live = new LiveSessions(source, { retryDelaysMs: [1], onListenerError: (error) => errors.push(error) });
    let lose: ((error: unknown) => void) | undefined;
    let notify: ((payload: string) => void) | undefined;
    let listens = 0;
    let stops = 0;
    const listen: ListenForChanges = async (onMessage, onLost) => {
      listens += 1;
      notify = onMessage;
      lose = onLost;
      return async () => {
        stops += 1;
      };
    };
    expect(live.caching).toBe(false);
    await live.start(listen);
    expect(live.caching).toBe(true);
    await live.find('s1', 'u1', clock.now());
    notify!('s:s1');
    expect(live.size).toBe(0);
    await live.find('s1', 'u1', clock.now());
    expect(live.size).toBe(1);

    lose!(new Error('connection reset'));
    expect(live.caching).toBe(false);
    expect(live.size).toBe(0);
    expect(errors).toHaveLength(1);
    await live.find('s1', 'u1', clock.now());
    expect(live.size).toBe(0);

    await expect.poll(() => live.caching, { timeout: 2_000 }).toBe(true);
    expect(listens).toBe(2);
    await live.close();
    expect(live.caching).toBe(false);
    expect(stops).toBe(1);
  });

  it('stays off when the database cannot listen, and retries when listening fails', async () => {
    const source = new FakeSessions();
    const off = new LiveSessions(source);
    await off.start(async () => null);
    expect(off.caching).toBe(false);

    let attempts = 0;
    const flaky = new LiveSessions(source, { retryDelaysMs: [1], onListenerError: () => {} });
    await flaky.start(async () => {
      attempts += 1;
      if (attempts < 3) throw new Error('refused');
      return async () => {};
    });
    await expect.poll(() => flaky.caching, { timeout: 2_000 }).toBe(true);
    expect(attempts).toBe(3);
    await flaky.close();
  });
});
