import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { problemFor } from './problem.ts';
import { routeOptionsOf } from './route-options.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route speaks another protocol's error format on purpose (the local Stripe answers
     * Stripe's `{error: {…}}` and its hosted pages HTML): its 4xx bodies are left as written.
     */
    foreignErrorBodies?: boolean;
  }
}

/**
 * Answers that never reach the error handler, made problem+json like every other error.
 *
 * Node's HTTP parser refuses some requests before Fastify sees them (a request line or headers
 * over the size limit: 431; a malformed request: 400). Fastify's default answer is plain JSON;
 * this writes the same statuses as problem+json, naming what was wrong.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, field, detail] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, undefined, 'The request took too long to arrive.']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers', 'The URL or headers are larger than this server accepts.']
        : [400, undefined, 'The request is not valid HTTP.'];
  const code = status === 431 ? 'payload_too_large' : 'bad_request';
  const body = JSON.stringify({
    type: `/problems/${code.replaceAll('_', '-')}`,
    title: STATUS_CODES[status],
    status,
    detail,
    code,
    ...(field ? { errors: [{ field, reason: detail }] } : {}),
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/problem+json\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

// What a strict CORS preflight (an OPTIONS request) must carry.
const PREFLIGHT_HEADERS = ['origin', 'access-control-request-method'] as const;

/**
 * A plugin that answers a client error itself (@fastify/cors refuses an OPTIONS request without
 * preflight headers with text/plain) is rewritten to problem+json, so no 4xx leaves in
 * another shape.
 */
export function registerProblemShapeForPluginErrors(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const status = reply.statusCode;
    if (status < 400 || status >= 500) return payload;
    if (String(reply.getHeader('content-type') ?? '').startsWith('application/problem+json')) return payload;
    if (routeOptionsOf(request).config?.foreignErrorBodies === true) return payload;
    const missing = request.method === 'OPTIONS' ? PREFLIGHT_HEADERS.filter((name) => !request.headers[name]) : [];
    const detail = typeof payload === 'string' && payload.length > 0 && payload.length < 200 ? payload : (STATUS_CODES[status] ?? 'Client error');
    const problem = problemFor(request, status === 404 ? 'not_found' : 'bad_request', detail, {
      ...(missing.length > 0 ? { errors: missing.map((name) => ({ field: `headers.${name}`, reason: 'is required in a CORS preflight request' })) } : {}),
    });
    reply.type('application/problem+json');
    reply.removeHeader('content-length');
    return JSON.stringify({ ...problem, status });
  });
}
