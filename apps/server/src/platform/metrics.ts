import client from 'prom-client';

/**
 * Prometheus metrics of one process. Each app gets its own registry so tests can build many
 * apps without their counters colliding.
 */
export interface Metrics {
  registry: client.Registry;
  httpRequestDuration: client.Histogram<'method' | 'route' | 'status_code'>;
  /** Called at scrape time to refresh gauges that are read from elsewhere (the job queue). */
  addCollector(collect: () => Promise<void>): void;
  jobQueueDepth: client.Gauge<'queue' | 'state'>;
  /**
   * Search quality over the last `window` (the hourly search metrics job). Labelled so that a
   * process that has not run the job reports nothing rather than zeros.
   */
  search: {
    searches: client.Gauge<'window'>;
    zeroResultRatio: client.Gauge<'window'>;
    latencyP50Seconds: client.Gauge<'window'>;
    latencyP95Seconds: client.Gauge<'window'>;
    llmRatio: client.Gauge<'window'>;
  };
  render(): Promise<string>;
}

export function createMetrics(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'instainstru_' });

  const httpRequestDuration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const jobQueueDepth = new client.Gauge({
    name: 'job_queue_jobs',
    help: 'Jobs per queue and state (created, retry, active, completed, failed…)',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
  });

  const searchGauge = (name: string, help: string) => new client.Gauge({ name, help, labelNames: ['window'] as const, registers: [registry] });
  const search = {
    searches: searchGauge('search_searches', 'Searches answered in the window'),
    zeroResultRatio: searchGauge('search_zero_result_ratio', 'Share of searches in the window that found nothing (0–1)'),
    latencyP50Seconds: searchGauge('search_latency_p50_seconds', 'Median search latency in the window'),
    latencyP95Seconds: searchGauge('search_latency_p95_seconds', '95th percentile search latency in the window'),
    llmRatio: searchGauge('search_llm_parser_ratio', 'Share of searches in the window parsed by the LLM parser (0–1)'),
  };

  const collectors: Array<() => Promise<void>> = [];
  return {
    registry,
    httpRequestDuration,
    jobQueueDepth,
    search,
    addCollector: (collect) => collectors.push(collect),
    async render() {
      // A failing collector (database down) must not break the whole scrape.
      await Promise.allSettled(collectors.map((collect) => collect()));
      return registry.metrics();
    },
  };
}
