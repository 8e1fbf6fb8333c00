import type { FastifyInstance } from 'fastify';
import type { IdGenerator } from '../ids.ts';

export const TRACE_HEADER = 'x-trace-id';
const ACCEPTABLE_INCOMING_TRACE = /^[A-Za-z0-9._-]{8,64}$/;

/** Uses the caller's X-Trace-ID when it is well-formed (a gateway's), otherwise a fresh ULID. */
export function traceIdGenerator(ids: IdGenerator) {
  return (request: { headers: Record<string, string | string[] | undefined> }): string => {
    const incoming = request.headers[TRACE_HEADER];
    return typeof incoming === 'string' && ACCEPTABLE_INCOMING_TRACE.test(incoming) ? incoming : ids();
  };
}

/** Every response, errors and 404s included, says which trace it belongs to. */
export function registerTraceHeader(app: FastifyInstance): void {
  // Callback style, like every hook on the read path: no promise per request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Trace-ID', request.id);
    done();
  });
}
