/**
 * Lookups by key asked for at about the same time answered by one query for all of them.
 *
 * A burst of requests that each read one row (200 students racing for one lesson, each asking
 * whether their idempotency key was used before) would pay a database round trip each; on this
 * kind of machine a query costs 1–2 ms of CPU, mostly socket syscalls. Here, a lookup asked
 * while none is in flight waits `windowMs` (0: the next turn of the event loop) for others to
 * join it; lookups asked while one is in flight wait for it and go out together. A burst's
 * requests arrive spread out (each first pays its HTTP and authentication), so a window of a
 * few milliseconds is what gathers them: worth it where the lookup is off the hot path. Once
 * `flushAtKeys` lookups wait (a burst answered at once), the batch goes at the next turn of the
 * event loop instead: the window would only add its milliseconds to every one of them.
 *
 * Each answer is what the database said when its batch ran, as if asked alone at that moment:
 * nothing is cached between batches.
 */
export class BatchedLookup<K, V> {
  private waiting: Array<{ key: K; resolve: (value: V | undefined) => void; reject: (error: unknown) => void }> = [];
  private inFlight = false;
  private scheduled = false;
  /** The window's timer while one runs (cleared when the batch leaves early). */
  private windowTimer: NodeJS.Timeout | undefined;

  constructor(
    /** Answers every key it can; keys without an answer resolve to undefined. */
    private readonly loadMany: (keys: readonly K[]) => Promise<ReadonlyMap<string, V>>,
    /** The identity of a key in the map loadMany returns (equal keys share an answer). */
    private readonly idOf: (key: K) => string,
    private readonly options: {
      /** How long the first lookup of a batch waits for others (0: the next turn of the event loop). */
      windowMs?: number;
      /** At most this many keys in one query (the rest go in the next). */
      maxBatch?: number;
      /** With this many lookups waiting, the batch goes at the next turn of the event loop, not at the window's end (default: never early). */
      flushAtKeys?: number;
    } = {},
  ) {}

  load(key: K): Promise<V | undefined> {
    return new Promise<V | undefined>((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.inFlight || this.waiting.length === 0) return;
    const windowMs = this.options.windowMs ?? 0;
    const full = this.waiting.length >= (this.options.flushAtKeys ?? Number.POSITIVE_INFINITY);
    if (this.scheduled && !(full && this.windowTimer)) return;
    clearTimeout(this.windowTimer);
    this.windowTimer = undefined;
    this.scheduled = true;
    const flush = () => {
      this.scheduled = false;
      this.windowTimer = undefined;
      void this.flush();
    };
    if (windowMs > 0 && !full) this.windowTimer = setTimeout(flush, windowMs);
    else setImmediate(flush);
  }

  private async flush(): Promise<void> {
    if (this.inFlight || this.waiting.length === 0) return;
    const maxBatch = this.options.maxBatch ?? 500;
    const batch = this.waiting.slice(0, maxBatch);
    this.waiting = this.waiting.slice(maxBatch);
    this.inFlight = true;
    try {
      const distinct = new Map<string, K>();
      for (const { key } of batch) distinct.set(this.idOf(key), key);
      const found = await this.loadMany([...distinct.values()]);
      for (const { key, resolve } of batch) resolve(found.get(this.idOf(key)));
    } catch (error) {
      for (const { reject } of batch) reject(error);
    } finally {
      this.inFlight = false;
      this.schedule();
    }
  }
}
