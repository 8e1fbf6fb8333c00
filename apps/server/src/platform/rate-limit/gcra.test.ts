import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gcra, type RatePolicy } from './gcra.ts';

/** Runs a sequence of requests at the given times, keeping the TAT like an adapter would. */
function replay(policy: RatePolicy, times: number[]) {
  let tat: number | null = null;
  return times.map((now) => {
    const step = gcra(tat, now, policy);
    if (step.newTatMs !== null) tat = step.newTatMs;
    return step.decision;
  });
}

describe('gcra', () => {
  const tenPerMinute: RatePolicy = { limit: 10, periodMs: 60_000 };

  it('allows a full burst at once, then refuses', () => {
    const decisions = replay(tenPerMinute, Array(11).fill(0));
    expect(decisions.slice(0, 10).every((d) => d.allowed)).toBe(true);
    expect(decisions.map((d) => d.remaining).slice(0, 10)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(decisions[10]).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 6_000 });
  });

  it('frees one request per emission interval', () => {
    const decisions = replay(tenPerMinute, [...Array(10).fill(0), 5_999, 6_000, 6_001]);
    expect(decisions[10]!.allowed).toBe(false);
    expect(decisions[10]!.retryAfterMs).toBe(1);
    expect(decisions[11]!.allowed).toBe(true);
    expect(decisions[12]!.allowed).toBe(false);
  });

  it('forgets what it counted when the clock is moved back, but not within a burst', () => {
    const day = 86_400_000;
    // Spent a whole burst three days ahead, then the clock went back: a fresh budget.
    const back = replay(tenPerMinute, [...Array(10).fill(3 * day), 0]);
    expect(back[10]).toMatchObject({ allowed: true, remaining: 9 });
    // A spent burst at the same time is still refused: only an impossible TAT is dropped.
    expect(replay(tenPerMinute, [...Array(10).fill(1_000), 1_000])[10]!.allowed).toBe(false);
  });

  it('reports when the key is back to a full burst', () => {
    const [first] = replay(tenPerMinute, [0]);
    expect(first!.resetAfterMs).toBe(6_000);
  });

  it('honours a burst smaller than the limit', () => {
    const decisions = replay({ limit: 60, periodMs: 60_000, burst: 3 }, [0, 0, 0, 0, 1_000]);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false, true]);
    expect(decisions[0]!.limit).toBe(3);
  });

  it('treats a stale TAT in the past as a fresh key', () => {
    const step = gcra(0, 1_000_000, tenPerMinute);
    expect(step.decision).toMatchObject({ allowed: true, remaining: 9 });
  });

  it('charges a cost of several requests at once', () => {
    const step = gcra(null, 0, tenPerMinute, 4);
    expect(step.decision).toMatchObject({ allowed: true, remaining: 6 });
    expect(gcra(null, 0, tenPerMinute, 11).decision.allowed).toBe(false);
  });

  it('rejects nonsensical policies', () => {
    expect(() => gcra(null, 0, { limit: 0, periodMs: 1000 })).toThrow(RangeError);
    expect(() => gcra(null, 0, { limit: 1, periodMs: -1 })).toThrow(RangeError);
    expect(() => gcra(null, 0, { limit: 1, periodMs: 1000, burst: 0 })).toThrow(RangeError);
  });

  it('never allows more than burst + elapsed/interval in any window (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 100, max: 10_000 }),
        fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 80 }),
        (limit, periodMs, gaps) => {
          const policy = { limit, periodMs };
          const times = gaps.reduce<number[]>((acc, gap) => [...acc, (acc[acc.length - 1] ?? 0) + gap], []);
          const decisions = replay(policy, times);
          const allowedTimes = times.filter((_, i) => decisions[i]!.allowed);
          const interval = periodMs / limit;
          for (let i = 0; i < allowedTimes.length; i++) {
            for (let j = i; j < allowedTimes.length; j++) {
              const window = allowedTimes[j]! - allowedTimes[i]!;
              expect(j - i + 1).toBeLessThanOrEqual(limit + Math.floor(window / interval) + 1e-9);
            }
          }
        },
      ),
    );
  });

  it('a refused request is allowed exactly when retryAfter has passed (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 30 }), (limit, requests) => {
        const policy = { limit, periodMs: 1_000 * limit };
        let tat: number | null = null;
        for (let i = 0; i < requests; i++) {
          const step = gcra(tat, 0, policy);
          if (step.newTatMs !== null) tat = step.newTatMs;
          else {
            const wait = step.decision.retryAfterMs;
            expect(gcra(tat, wait, policy).decision.allowed).toBe(true);
            if (wait > 0) expect(gcra(tat, wait - 1, policy).decision.allowed).toBe(false);
          }
        }
      }),
    );
  });
});
