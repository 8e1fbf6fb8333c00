import { describe, expect, it } from 'vitest';
import type { RateDecision } from '../rate-limit/gcra.ts';
import { describeRate, mostRestrictive, policyField, rateLimitHeaders } from './rate-limit-headers.ts';

const policy = { limit: 10, periodMs: 60_000 };
const allowed = (remaining: number, resetAfterMs: number): RateDecision => ({ allowed: true, limit: 10, remaining, retryAfterMs: 0, resetAfterMs });
const refused = (retryAfterMs: number): RateDecision => ({ allowed: false, limit: 10, remaining: 0, retryAfterMs, resetAfterMs: 60_000 });

describe('RateLimit headers', () => {
  it('pick a refusal over anything allowed, then the fewest remaining, then the longest reset', () => {
    const evaluations = [allowed(0, 59_000), refused(6_000), allowed(5, 1_000)].map((decision) => ({ policy, decision }));
    expect(mostRestrictive(evaluations)?.decision.allowed).toBe(false);
    expect(mostRestrictive([allowed(3, 1_000), allowed(2, 500), allowed(2, 900)].map((decision) => ({ policy, decision })))?.decision).toEqual(allowed(2, 900));
    expect(mostRestrictive([])).toBeUndefined();
  });

  it('give Reset in whole seconds: until allowed again when refused, until full otherwise', () => {
    expect(rateLimitHeaders([{ policy, decision: allowed(7, 18_001) }], [policy])).toEqual({
      'RateLimit-Limit': '10',
      'RateLimit-Remaining': '7',
      'RateLimit-Reset': '19',
      'RateLimit-Policy': '10;w=60',
    });
    expect(rateLimitHeaders([{ policy, decision: refused(2_500) }], [policy])['RateLimit-Reset']).toBe('3');
    expect(rateLimitHeaders([], [policy])).toEqual({});
  });

  it('take the policy field computed once per route as it is', () => {
    const field = policyField([policy]);
    expect(rateLimitHeaders([{ policy, decision: allowed(7, 18_001) }], field)).toEqual(rateLimitHeaders([{ policy, decision: allowed(7, 18_001) }], [policy]));
  });

  it('list every policy with its window and a burst that differs from the limit', () => {
    expect(policyField([policy, { limit: 100, periodMs: 3_600_000, burst: 20 }, { limit: 5, periodMs: 500, burst: 5 }])).toBe(
      '10;w=60, 100;w=3600;burst=20, 5;w=1',
    );
  });

  it.each([
    [{ limit: 10, periodMs: 60_000 }, '10 per minute'],
    [{ limit: 5, periodMs: 15 * 60_000 }, '5 per 15 minutes'],
    [{ limit: 3, periodMs: 3_600_000 }, '3 per hour'],
    [{ limit: 100, periodMs: 86_400_000 }, '100 per day'],
    [{ limit: 2, periodMs: 1_500 }, '2 per 1500 ms'],
  ])('describe %o as "%s"', (rate, text) => {
    expect(describeRate(rate)).toBe(text);
  });
});
