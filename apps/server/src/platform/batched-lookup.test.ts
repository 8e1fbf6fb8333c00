import { describe, expect, it, vi } from 'vitest';
import { BatchedLookup } from './batched-lookup.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** A lookup over a fixed table that records each query's keys, optionally held until released. */
function table(rows: Record<string, number>, options: { gate?: Promise<void>; fail?: boolean; maxBatch?: number; windowMs?: number; flushAtKeys?: number } = {}) {
  const queries: string[][] = [];
  const lookup = new BatchedLookup<string, number>(
    async (keys) => {
      queries.push([...keys]);
      if (options.gate) await options.gate;
      if (options.fail) throw new Error('database down');
      return new Map(keys.filter((key) => key in rows).map((key) => [key, rows[key]!]));
    },
    (key) => key,
    { maxBatch: options.maxBatch, windowMs: options.windowMs, flushAtKeys: options.flushAtKeys },
  );
  return { lookup, queries };
}

describe('batched lookups', () => {
  it('answers a lone lookup with one query', async () => {
    const { lookup, queries } = table({ a: 1 });
    expect(await lookup.load('a')).toBe(1);
    expect(await lookup.load('missing')).toBeUndefined();
    expect(queries).toEqual([['a'], ['missing']]);
  });

  it('answers lookups asked in one turn with one query, equal keys asked once', async () => {
    const { lookup, queries } = table({ a: 1, b: 2 });
    const answers = await Promise.all(['a', 'b', 'a', 'c'].map((key) => lookup.load(key)));
    expect(answers).toEqual([1, 2, 1, undefined]);
    expect(queries).toEqual([['a', 'b', 'c']]);
  });

  it('sends the lookups asked while a query is in flight together once it answers', async () => {
    const gate = deferred();
    const { lookup, queries } = table({ a: 1, b: 2, c: 3 }, { gate: gate.promise });
    const first = lookup.load('a');
    await new Promise((resolve) => setImmediate(resolve));
    const later = [lookup.load('b'), lookup.load('c')];
    await new Promise((resolve) => setImmediate(resolve));
    expect(queries).toEqual([['a']]);
    gate.resolve();
    expect(await first).toBe(1);
    expect(await Promise.all(later)).toEqual([2, 3]);
    expect(queries).toEqual([['a'], ['b', 'c']]);
  });

  it('with a window, gathers the lookups asked within it into one query', async () => {
    vi.useFakeTimers();
    try {
      const { lookup, queries } = table({ a: 1, b: 2 }, { windowMs: 10 });
      const first = lookup.load('a');
      await vi.advanceTimersByTimeAsync(9);
      const second = lookup.load('b');
      expect(queries).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(await Promise.all([first, second])).toEqual([1, 2]);
      expect(queries).toEqual([['a', 'b']]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('with a window, sends the batch at the next turn once flushAtKeys lookups wait, and a later lookup opens a new window', async () => {
    vi.useFakeTimers();
    try {
      const { lookup, queries } = table({ a: 1, b: 2, c: 3, d: 4 }, { windowMs: 10, flushAtKeys: 3 });
      const burst = ['a', 'b'].map((key) => lookup.load(key));
      await vi.advanceTimersByTimeAsync(1);
      expect(queries).toEqual([]);
      burst.push(lookup.load('c'));
      // The third lookup fills the batch: it leaves at the next turn, not at 10 ms.
      await vi.advanceTimersByTimeAsync(0);
      expect(queries).toEqual([['a', 'b', 'c']]);
      expect(await Promise.all(burst)).toEqual([1, 2, 3]);
      const late = lookup.load('d');
      await vi.advanceTimersByTimeAsync(9);
      expect(queries).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(await late).toBe(4);
      expect(queries).toEqual([['a', 'b', 'c'], ['d']]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('splits a batch larger than maxBatch', async () => {
    const { lookup, queries } = table({ a: 1, b: 2, c: 3 }, { maxBatch: 2 });
    expect(await Promise.all(['a', 'b', 'c'].map((key) => lookup.load(key)))).toEqual([1, 2, 3]);
    expect(queries).toEqual([['a', 'b'], ['c']]);
  });

  it('rejects every lookup of a failed query, and the next lookups query again', async () => {
    const failing = table({ a: 1 }, { fail: true });
    const settled = await Promise.allSettled([failing.lookup.load('a'), failing.lookup.load('b')]);
    expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    await expect(failing.lookup.load('a')).rejects.toThrow('database down');
    expect(failing.queries).toEqual([['a', 'b'], ['a']]);
  });
});
