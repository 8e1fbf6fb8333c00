// The part of autocannon's API the HTTP benchmark uses (the package ships no types).
declare module 'autocannon' {
  interface Options {
    url: string;
    connections?: number;
    workers?: number;
    duration?: number;
    headers?: Record<string, string>;
    /** Path of a module exporting `(client) => void`, run for each connection (in worker threads too). */
    setupClient?: string;
    /** Requests each connection sends in turn, over and over (paths on `url`'s host). */
    requests?: Array<{ path: string; method?: string }>;
  }
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
  }
  interface Result {
    requests: Histogram & { total: number };
    latency: Histogram;
    throughput: Histogram & { total: number };
    non2xx: number;
    errors: number;
    timeouts: number;
    '2xx': number;
    '3xx'?: number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
