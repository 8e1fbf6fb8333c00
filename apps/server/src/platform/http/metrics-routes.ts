import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Metrics } from '../metrics.ts';
import { problemFor, sendProblem } from './problem.ts';
import { routeOptionsOf } from './route-options.ts';

type DurationLabels = { method: string; route: string; status_code: string };

/**
 * Observes every request's duration by route template (not raw URL: ids would explode
 * cardinality). The label objects are built once per route, method and status, not per request.
 */
export function registerRequestMetrics(app: FastifyInstance, metrics: Metrics): void {
  // Keyed on the route's config object, which Fastify keeps for the route's life (404s share one).
  const byRoute = new WeakMap<object, Map<string, DurationLabels>>();
  const unmatched = new Map<string, DurationLabels>();
  app.addHook('onResponse', (request, reply, done) => {
    const { config, url } = routeOptionsOf(request);
    const route = url ?? 'unmatched';
    if (route === '/metrics') return done();
    let labelsOfRoute = config ? byRoute.get(config) : unmatched;
    if (!labelsOfRoute) {
      labelsOfRoute = new Map();
      byRoute.set(config, labelsOfRoute);
    }
    const key = `${request.method} ${reply.statusCode}`;
    let labels = labelsOfRoute.get(key);
    if (!labels) {
      labels = { method: request.method, route, status_code: String(reply.statusCode) };
      labelsOfRoute.set(key, labels);
    }
    metrics.httpRequestDuration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Who may scrape: with METRICS_BASIC_AUTH, whoever has the password; with METRICS_ALLOWED_IPS,
 * those addresses; with both, either. With neither, anyone in development and only this
 * machine in production.
 */
export function mayScrape(request: Pick<FastifyRequest, 'headers' | 'ip'>, config: Config): boolean {
  const { METRICS_BASIC_AUTH: basic, METRICS_ALLOWED_IPS: allowed } = config;
  if (!basic && !allowed?.length) return !config.isProduction || LOOPBACK.has(request.ip);
  if (allowed?.includes(request.ip)) return true;
  const header = request.headers.authorization;
  if (basic && header?.startsWith('Basic ')) {
    return safeEqual(Buffer.from(header.slice(6), 'base64').toString('utf8'), basic);
  }
  return false;
}

export function registerMetricsEndpoint(app: FastifyInstance, metrics: Metrics, config: Config): void {
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (!mayScrape(request, config)) {
      if (config.METRICS_BASIC_AUTH) reply.header('WWW-Authenticate', 'Basic realm="metrics"');
      return sendProblem(reply, problemFor(request, config.METRICS_BASIC_AUTH ? 'unauthenticated' : 'forbidden', 'Metrics are restricted'));
    }
    return reply.type(metrics.registry.contentType).send(await metrics.render());
  });
}
