import { describe, expect, it } from 'vitest';
import { forEachConcurrently } from './concurrency.ts';

/** A promise settled from outside, to hold a call in flight. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('forEachConcurrently', () => {
  it('keeps at most `limit` calls in flight and starts them in the items’ order', async () => {
    const gates = Array.from({ length: 5 }, deferred);
    const started: number[] = [];
    let inFlight = 0;
    let most = 0;
    const run = forEachConcurrently([0, 1, 2, 3, 4], 2, async (index) => {
      started.push(index);
      most = Math.max(most, ++inFlight);
      await gates[index]!.promise;
      inFlight -= 1;
    });
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1]!.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    for (const gate of gates) gate.resolve();
    await run;
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('works every item when one fails, then throws the first failure', async () => {
    const worked: number[] = [];
    const run = forEachConcurrently([1, 2, 3, 4], 2, async (item) => {
      worked.push(item);
      if (item === 2 || item === 3) throw new Error(`item ${item}`);
    });
    await expect(run).rejects.toThrow('item 2');
    expect(worked.sort()).toEqual([1, 2, 3, 4]);
  });

  it('does nothing for no items, and refuses a limit that is not a positive whole number', async () => {
    await expect(forEachConcurrently([], 3, async () => {})).resolves.toBeUndefined();
    await expect(forEachConcurrently([1], 0, async () => {})).rejects.toThrow(RangeError);
    await expect(forEachConcurrently([1], 1.5, async () => {})).rejects.toThrow(RangeError);
  });
});
