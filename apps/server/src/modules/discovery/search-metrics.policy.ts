/** Search quality over a period (PRODUCT.md §4): what the hourly job publishes as Prometheus gauges. Pure. */

export interface SearchMetricRow {
  resultCount: number;
  latencyMs: number;
  parser: 'fast' | 'llm';
}

export interface SearchMetrics {
  searches: number;
  /** Share of searches that found nothing, 0–1. */
  zeroResultRate: number;
  p50LatencyMs: number;
  p95LatencyMs: number;
  /** Share of searches the LLM parser answered, 0–1. */
  llmShare: number;
}

/** Nearest-rank percentile of ascending values (no interpolation: always a latency that happened). */
export function percentile(ascending: readonly number[], fraction: number): number {
  if (ascending.length === 0) return 0;
  const rank = Math.ceil(fraction * ascending.length);
  return ascending[Math.min(ascending.length, Math.max(1, rank)) - 1]!;
}

/** With no searches every figure is 0; `searches` tells that apart from a perfect hour. */
export function searchMetrics(rows: readonly SearchMetricRow[]): SearchMetrics {
  if (rows.length === 0) return { searches: 0, zeroResultRate: 0, p50LatencyMs: 0, p95LatencyMs: 0, llmShare: 0 };
  const latencies = rows.map((row) => row.latencyMs).sort((a, b) => a - b);
  return {
    searches: rows.length,
    zeroResultRate: rows.filter((row) => row.resultCount === 0).length / rows.length,
    p50LatencyMs: percentile(latencies, 0.5),
    p95LatencyMs: percentile(latencies, 0.95),
    llmShare: rows.filter((row) => row.parser === 'llm').length / rows.length,
  };
}
