import { describe, expect, it } from 'vitest';
import { DELIVERY_RETRY, deliveryPlan, failureText, isDelivered, retrySpan, retryWindows } from './local-delivery.policy.ts';

/** A deterministic source of numbers in [0, 1) (linear congruential), for reproducible shuffles. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('delivery retries', () => {
  it('makes at most 8 attempts over about a day', () => {
    const span = retrySpan();
    expect(span.attempts).toBe(8);
    expect(span.minSeconds).toBeGreaterThanOrEqual(20 * 3600);
    expect(span.maxSeconds).toBeLessThanOrEqual(34 * 3600);
  });

  it('doubles the wait after each failure, from 10 minutes, never above 12 hours', () => {
    expect(retryWindows().map((w) => [w.minSeconds / 60, w.maxSeconds / 60])).toEqual([
      [10, 20],
      [20, 40],
      [40, 80],
      [80, 160],
      [160, 320],
      [320, 640],
      [640, 720],
    ]);
    expect(Math.max(...retryWindows().map((w) => w.maxSeconds))).toBe(DELIVERY_RETRY.retryDelayMaxSeconds);
  });

  it('caps every window at the maximum delay', () => {
    const windows = retryWindows({ retryLimit: 4, retryDelaySeconds: 100, retryDelayMaxSeconds: 250 });
    expect(windows).toEqual([
      { retry: 1, minSeconds: 100, maxSeconds: 200 },
      { retry: 2, minSeconds: 200, maxSeconds: 250 },
      { retry: 3, minSeconds: 250, maxSeconds: 250 },
      { retry: 4, minSeconds: 250, maxSeconds: 250 },
    ]);
  });

  it('counts only 2xx answers as delivered', () => {
    expect([200, 201, 204, 299].every(isDelivered)).toBe(true);
    expect([100, 301, 304, 400, 404, 429, 500, 503].some(isDelivered)).toBe(false);
  });
});

describe('delivery plan', () => {
  const events = ['evt_1', 'evt_2', 'evt_3', 'evt_4', 'evt_5'];

  it('delivers each event once, in order, by default', () => {
    expect(deliveryPlan(events, 'in_order')).toEqual(events);
  });

  it('delivers each event exactly twice in the test setting', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const plan = deliveryPlan(events, 'duplicated_shuffled', seeded(seed));
      expect([...plan].sort()).toEqual([...events, ...events].sort());
    }
  });

  it('changes the order in the test setting', () => {
    const orders = new Set<string>();
    for (let seed = 1; seed <= 50; seed++) orders.add(deliveryPlan(events, 'duplicated_shuffled', seeded(seed)).join(','));
    expect(orders.size).toBeGreaterThan(40);
    const firstOccurrences = (plan: string[]) => plan.filter((id, index) => plan.indexOf(id) === index);
    const reordered = [...Array(50).keys()].some((seed) => firstOccurrences(deliveryPlan(events, 'duplicated_shuffled', seeded(seed + 1))).join() !== events.join());
    expect(reordered).toBe(true);
  });

  it('leaves a single event as two deliveries of it', () => {
    expect(deliveryPlan(['evt_only'], 'duplicated_shuffled', seeded(7))).toEqual(['evt_only', 'evt_only']);
  });
});

describe('failure text', () => {
  it('keeps the cause of a fetch failure and bounds the length', () => {
    expect(failureText(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:3000') }))).toBe(
      'fetch failed (connect ECONNREFUSED 127.0.0.1:3000)',
    );
    expect(failureText('x'.repeat(5000))).toHaveLength(1000);
  });
});
