import { describe, expect, it } from 'vitest';
import { percentile, searchMetrics, type SearchMetricRow } from './search-metrics.policy.ts';

const row = (latencyMs: number, resultCount = 5, parser: 'fast' | 'llm' = 'fast'): SearchMetricRow => ({ latencyMs, resultCount, parser });

describe('search metrics', () => {
  it('reports zeros for an hour without searches, with searches = 0 to tell it apart', () => {
    expect(searchMetrics([])).toEqual({ searches: 0, zeroResultRate: 0, p50LatencyMs: 0, p95LatencyMs: 0, llmShare: 0 });
  });

  it('takes nearest-rank percentiles: always a latency that happened', () => {
    const ascending = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(ascending, 0.5)).toBe(50);
    expect(percentile(ascending, 0.95)).toBe(95);
    expect(percentile([7], 0.5)).toBe(7);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([1, 2], 0.5)).toBe(1);
    expect(percentile([1, 2], 0.95)).toBe(2);
    expect(percentile([], 0.5)).toBe(0);
    expect(percentile([3, 4], 0)).toBe(3);
  });

  it('computes the zero-result rate, latency percentiles and LLM share, whatever the row order', () => {
    const rows = [row(12, 0), row(3), row(40, 2, 'llm'), row(5, 0, 'llm'), row(8), row(1_200, 1, 'llm'), row(7), row(9), row(4), row(6)];
    const expected = { searches: 10, zeroResultRate: 0.2, p50LatencyMs: 7, p95LatencyMs: 1_200, llmShare: 0.3 };
    expect(searchMetrics(rows)).toEqual(expected);
    expect(searchMetrics([...rows].reverse())).toEqual(expected);
  });

  it('reads a single search as itself', () => {
    expect(searchMetrics([row(2.5, 0, 'llm')])).toEqual({ searches: 1, zeroResultRate: 1, p50LatencyMs: 2.5, p95LatencyMs: 2.5, llmShare: 1 });
  });
});
