import type { FastifyInstance, FastifyRequest } from 'fastify';
import { varyOn } from './etag.ts';

/**
 * CORS as @fastify/cors answers it with `credentials: true`, a fixed list of exposed headers
 * and an origin predicate (cors.test.ts holds the two side by side), with the headers
 * computed once: @fastify/cors copied its options, resolved the origin through a callback and
 * joined the exposed headers on every request (3% of a cached read).
 *
 *  - every response varies on Origin;
 *  - an origin the predicate refuses gets no CORS header (the browser blocks the read);
 *  - otherwise: Allow-Origin reflects the Origin when there is one, Allow-Credentials, Expose-Headers;
 *  - a preflight (OPTIONS) needs Origin and Access-Control-Request-Method (else 400), and is
 *    answered 204 at once with Allow-Methods and the requested headers allowed; a preflight
 *    from a refused origin reaches no route (404).
 */
export interface CorsOptions {
  /** The request's Origin header (undefined when absent): may it read our responses? */
  isAllowed: (origin: string | undefined) => boolean;
  exposedHeaders: readonly string[];
}

/** @fastify/cors's default, kept: preflights have always answered with these. */
const ALLOWED_METHODS = 'GET,HEAD,POST';

export function registerCors(app: FastifyInstance, options: CorsOptions): void {
  const exposed = options.exposedHeaders.join(', ');
  const preflights = new WeakSet<FastifyRequest>();
  app.addHook('onRequest', (request, reply, done) => {
    const vary = reply.getHeader('Vary');
    reply.header('Vary', vary === undefined ? 'Origin' : varyOn(vary, 'Origin'));
    const origin = request.headers.origin;
    if (!options.isAllowed(origin)) return done();
    if (origin) reply.header('Access-Control-Allow-Origin', origin);
    reply.header('Access-Control-Allow-Credentials', 'true');
    reply.header('Access-Control-Expose-Headers', exposed);
    if (request.raw.method !== 'OPTIONS') return done();

    if (!origin || !request.headers['access-control-request-method']) {
      reply.status(400).type('text/plain').send('Invalid Preflight Request');
      return;
    }
    preflights.add(request);
    reply.header('Access-Control-Allow-Methods', ALLOWED_METHODS);
    reply.header('Vary', varyOn(reply.getHeader('Vary'), 'Access-Control-Request-Headers'));
    const requested = request.headers['access-control-request-headers'];
    if (requested !== undefined) reply.header('Access-Control-Allow-Headers', requested);
    reply.code(204).header('Content-Length', '0').send();
  });
  // Lets OPTIONS reach the hook for any path; a preflight the hook did not answer is a 404.
  app.options('*', { schema: { hide: true } }, (request, reply) => {
    if (!preflights.has(request)) return reply.callNotFound();
    return reply.send();
  });
}
