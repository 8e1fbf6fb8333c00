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

  const collectors: Array<() => Promise<void>> = [];
  return {
    registry,
    httpRequestDuration,
    jobQueueDepth,
    addCollector: (collect) => collectors.push(collect),
    async render() {
      // A failing collector (database down) must not break the whole scrape.
      await Promise.allSettled(collectors.map((collect) => collect()));
      return registry.metrics();
    },
  };
}
