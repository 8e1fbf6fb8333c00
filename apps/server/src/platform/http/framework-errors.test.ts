import type { Socket } from 'node:net';
import cors from '@fastify/cors';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { clientErrorHandler, registerProblemShapeForPluginErrors } from './framework-errors.ts';
import { registerProblemHandler } from './problem.ts';

function fakeSocket() {
  const written: string[] = [];
  let destroyed = false;
  const socket = {
    get destroyed() {
      return destroyed;
    },
    writable: true,
    write: (chunk: string) => written.push(chunk),
    destroy: () => {
      destroyed = true;
    },
  };
  return { socket: socket as unknown as Socket, written, isDestroyed: () => destroyed };
}

describe('errors Node refuses before Fastify', () => {
  it('answers an oversized request line or headers with a 431 problem naming the headers', () => {
    const { socket, written, isDestroyed } = fakeSocket();
    clientErrorHandler(Object.assign(new Error('Header overflow'), { code: 'HPE_HEADER_OVERFLOW' }), socket);
    const [head, body] = written[0]!.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1.1 431 /);
    expect(head).toContain('Content-Type: application/problem+json');
    expect(JSON.parse(body!)).toMatchObject({ status: 431, errors: [{ field: 'headers' }] });
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body!)}`);
    expect(isDestroyed()).toBe(true);
  });

  it('answers malformed HTTP with a 400 problem, and leaves a reset connection alone', () => {
    const malformed = fakeSocket();
    clientErrorHandler(Object.assign(new Error('Parse Error'), { code: 'HPE_INVALID_METHOD' }), malformed.socket);
    expect(malformed.written[0]).toMatch(/^HTTP\/1.1 400 [^]*application\/problem\+json/);
    const reset = fakeSocket();
    clientErrorHandler(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), reset.socket);
    expect(reset.written).toEqual([]);
  });
});

describe('client errors answered by plugins', () => {
  it('turns the CORS plugin’s text/plain refusal of an OPTIONS without preflight headers into a problem naming them', async () => {
    const app = Fastify({ logger: false });
    registerProblemHandler(app);
    registerProblemShapeForPluginErrors(app);
    await app.register(cors, { origin: true });
    app.get('/things', async () => 'ok');
    await app.ready();
    const response = await app.inject({ method: 'OPTIONS', url: '/things' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors).toEqual([
      { field: 'headers.origin', reason: expect.any(String) },
      { field: 'headers.access-control-request-method', reason: expect.any(String) },
    ]);
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/things',
      headers: { origin: 'https://example.com', 'access-control-request-method': 'GET' },
    });
    expect(preflight.statusCode).toBe(204);
  });
});
