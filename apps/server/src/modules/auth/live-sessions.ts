import type { Unsubscribe } from '../../platform/db/database.ts';
import type { Role } from '../accounts/permissions.ts';

/**
 * Live sessions kept in memory, so an authenticated request need not ask the database whether
 * its session still stands. That question is one query per request; on this kind of machine a
 * query costs 1–2 ms of CPU, mostly socket syscalls, and a burst of 200 requests from one page
 * paid it 200 times for the same answer.
 *
 * Safety rests on the database telling us when an answer changes: migration
 * 0030_session_notifications.sql makes every change of a session's revocation or expiry, of a
 * user's roles, every deletion and TRUNCATE notify channel `live_sessions`, whoever made it
 * (this process, another one, a job, plain SQL). NOTIFY is delivered after the change commits,
 * which is when the old answer stops being true, and entries are dropped as it arrives.
 * Caching is on only while that listener is connected: with it lost, a change could pass
 * unheard, so everything is dropped and every lookup asks the database again, as before.
 */

/** What the database says about a live session (SessionsRepository.findLiveSession). */
export interface LiveSessionRow {
  roles: Role[];
  expiresAt: Date;
}

export interface LiveSessionSource {
  findLiveSession(sessionId: string, userId: string, now: Date): Promise<LiveSessionRow | undefined>;
}


/**
 * Starts listening to the `live_sessions` channel: resolves once the listener is connected (null
 * when the database cannot listen at all); `onLost` is called when a connected listener dies.
 */
export type ListenForChanges = (onMessage: (payload: string) => void, onLost: (error: unknown) => void) => Promise<Unsubscribe | null>;

interface Entry {
  userId: string;
  roles: Role[];
  expiresAtMs: number;
  storedAtMs: number;
}

export interface LiveSessionsOptions {
  /**
   * How long an entry may answer without the database, on the lookups' clock. A safety net only:
   * notifications drop entries at once; this bounds the harm of one that never arrived (a
   * connection half-open for a while before anyone notices it is gone).
   */
  ttlMs?: number;
  /** At most this many entries; the oldest goes first. */
  maxEntries?: number;
  /** Delays between attempts to listen again after the listener was lost (the last one repeats). */
  retryDelaysMs?: readonly number[];
  onListenerError?: (error: unknown) => void;
}

export const LIVE_SESSIONS_CHANNEL = 'live_sessions';

export class LiveSessions {
  private readonly entries = new Map<string, Entry>();
  private readonly byUser = new Map<string, Set<string>>();
  /**
   * Bumped by every invalidation (and by turning caching on or off). A lookup reads it before
   * asking the database and stores its answer only if it has not moved: otherwise a session
   * revoked while the query was in flight could be stored live just after its notification
   * dropped it, and honoured until the TTL.
   */
  private generation = 0;
  private enabled = false;
  private stop: Unsubscribe | null = null;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempts = 0;
  private closed = false;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly retryDelaysMs: readonly number[];

  constructor(
    private readonly source: LiveSessionSource,
    private readonly options: LiveSessionsOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 50_000;
    this.retryDelaysMs = options.retryDelaysMs ?? [1_000, 2_000, 5_000, 10_000, 30_000];
  }

  get caching(): boolean {
    return this.enabled;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The session's current roles if it is live, else null: from memory when that can be trusted. */
  async find(sessionId: string, userId: string, now: Date): Promise<{ roles: Role[] } | null> {
    const nowMs = now.getTime();
    const hit = this.enabled ? this.entries.get(sessionId) : undefined;
    if (hit && hit.userId === userId) {
      const age = nowMs - hit.storedAtMs;
      // A clock moved backwards (the development clock can be) makes the age negative: not trusted.
      if (hit.expiresAtMs > nowMs && age >= 0 && age < this.ttlMs) return { roles: hit.roles };
      this.delete(sessionId);
    }
    // A token naming another user than the entry's is answered by the database (which refuses it).
    const mark = this.generation;
    const live = await this.source.findLiveSession(sessionId, userId, now);
    if (!live) return null;
    this.store(sessionId, { userId, roles: live.roles, expiresAtMs: live.expiresAt.getTime(), storedAtMs: nowMs }, mark);
    return { roles: live.roles };
  }

  /** The current generation, to pass to `remember` (read it before the transaction that reads the session). */
  mark(): number {
    return this.generation;
  }

  /**
   * A session this process just started or confirmed (login, refresh), after its transaction
   * committed: the requests that follow need not ask. Ignored if anything was invalidated since
   * `mark` was read, or while caching is off.
   */
  remember(session: { sessionId: string; userId: string; roles: Role[]; expiresAt: Date }, mark: number, now: Date): void {
    this.store(session.sessionId, { userId: session.userId, roles: session.roles, expiresAtMs: session.expiresAt.getTime(), storedAtMs: now.getTime() }, mark);
  }

  forgetSession(sessionId: string): void {
    this.generation += 1;
    this.delete(sessionId);
  }

  forgetUser(userId: string): void {
    this.generation += 1;
    for (const sessionId of [...(this.byUser.get(userId) ?? [])]) this.delete(sessionId);
  }

  forgetAll(): void {
    this.generation += 1;
    this.entries.clear();
    this.byUser.clear();
  }

  /** One notification from channel `live_sessions` (payloads written by migration 0030). */
  handleNotification(payload: string): void {
    if (payload.startsWith('s:')) this.forgetSession(payload.slice(2));
    else if (payload.startsWith('u:')) this.forgetUser(payload.slice(2));
    // `*` (a TRUNCATE), and anything not understood: drop everything rather than guess.
    else this.forgetAll();
  }

  /** Caching on or off; either way what is held is dropped (it may have missed notifications). */
  setEnabled(enabled: boolean): void {
    this.forgetAll();
    this.enabled = enabled;
  }

  /**
   * Listens for changes and caches while the listener is connected. A lost listener turns
   * caching off at once and is retried with growing delays. Never throws: without a listener
   * every lookup asks the database.
   */
  async start(listen: ListenForChanges): Promise<void> {
    if (this.closed) return;
    let lost = false;
    let stop: Unsubscribe | null;
    try {
      stop = await listen(
        (payload) => this.handleNotification(payload),
        (error) => {
          if (lost || this.closed) return;
          lost = true;
          this.stop = null;
          this.setEnabled(false);
          this.options.onListenerError?.(error);
          this.retryLater(listen);
        },
      );
    } catch (error) {
      this.options.onListenerError?.(error);
      this.retryLater(listen);
      return;
    }
    if (!stop) return; // This database cannot listen: no caching, lookups as before.
    if (this.closed) {
      await stop();
      return;
    }
    if (lost) return; // Lost before we got here; a retry is already scheduled.
    this.stop = stop;
    this.attempts = 0;
    // From here every committed change is heard. Enabling bumps the generation, so a lookup
    // started before (whose read may predate a change nobody heard) does not store its answer.
    this.setEnabled(true);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.setEnabled(false);
    const stop = this.stop;
    this.stop = null;
    await stop?.();
  }

  private retryLater(listen: ListenForChanges): void {
    if (this.closed) return;
    const delay = this.retryDelaysMs[Math.min(this.attempts, this.retryDelaysMs.length - 1)] ?? 30_000;
    this.attempts += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.start(listen), delay);
    this.retryTimer.unref?.();
  }

  private store(sessionId: string, entry: Entry, mark: number): void {
    if (!this.enabled || mark !== this.generation) return;
    this.delete(sessionId);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    this.entries.set(sessionId, entry);
    let sessions = this.byUser.get(entry.userId);
    if (!sessions) this.byUser.set(entry.userId, (sessions = new Set()));
    sessions.add(sessionId);
  }

  private delete(sessionId: string): void {
    const entry = this.entries.get(sessionId);
    if (!entry) return;
    this.entries.delete(sessionId);
    const sessions = this.byUser.get(entry.userId);
    sessions?.delete(sessionId);
    if (sessions?.size === 0) this.byUser.delete(entry.userId);
  }
}
