import fastifyCors from '@fastify/cors';
import Fastify, { type InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerCors } from './cors.ts';

const ALLOWED = ['https://app.example', 'http://localhost:5173'];
const isAllowed = (origin: string | undefined) => !origin || ALLOWED.includes(origin);
const EXPOSED = ['X-Trace-ID', 'ETag', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'];

async function answer(register: (app: ReturnType<typeof Fastify>) => Promise<void>, request: InjectOptions) {
  const app = Fastify();
  await register(app);
  app.get('/api/v1/things', async () => ({ ok: true }));
  app.post('/api/v1/things', async () => ({ ok: true }));
  const response = await app.inject(request);
  await app.close();
  const { date: _date, connection: _connection, ...headers } = response.headers;
  return { status: response.statusCode, headers, body: response.body };
}

const cases: Array<[string, InjectOptions]> = [
  ['GET without Origin', { method: 'GET', url: '/api/v1/things' }],
  ['GET from an allowed origin', { method: 'GET', url: '/api/v1/things', headers: { origin: 'https://app.example' } }],
  ['GET from a refused origin', { method: 'GET', url: '/api/v1/things', headers: { origin: 'https://evil.example' } }],
  ['GET with an empty Origin', { method: 'GET', url: '/api/v1/things', headers: { origin: '' } }],
  ['POST from an allowed origin', { method: 'POST', url: '/api/v1/things', headers: { origin: 'http://localhost:5173' }, payload: {} }],
  ['GET of an unknown path', { method: 'GET', url: '/nowhere', headers: { origin: 'https://app.example' } }],
  [
    'preflight from an allowed origin',
    { method: 'OPTIONS', url: '/api/v1/things', headers: { origin: 'https://app.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization, content-type' } },
  ],
  ['preflight without requested headers', { method: 'OPTIONS', url: '/api/v1/things', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } }],
  ['preflight without Access-Control-Request-Method', { method: 'OPTIONS', url: '/api/v1/things', headers: { origin: 'https://app.example' } }],
  ['OPTIONS without Origin', { method: 'OPTIONS', url: '/api/v1/things' }],
  ['preflight from a refused origin', { method: 'OPTIONS', url: '/api/v1/things', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } }],
];

describe('CORS', () => {
  it.each(cases)('answers %s exactly as @fastify/cors with the same options', async (_name, request) => {
    const expected = await answer(async (app) => {
      await app.register(fastifyCors, { origin: (origin: string | undefined, callback: (error: Error | null, allow: boolean) => void) => callback(null, isAllowed(origin)), credentials: true, exposedHeaders: EXPOSED });
    }, request);
    const actual = await answer(async (app) => registerCors(app, { isAllowed, exposedHeaders: EXPOSED }), request);
    expect(actual).toEqual(expected);
  });

  it('exposes the trace id and the rate-limit headers to allowed pages', async () => {
    const { headers } = await answer(async (app) => registerCors(app, { isAllowed, exposedHeaders: EXPOSED }), cases[1]![1]);
    expect(headers).toMatchObject({ 'access-control-allow-origin': 'https://app.example', 'access-control-allow-credentials': 'true', vary: 'Origin' });
    expect(headers['access-control-expose-headers']).toContain('RateLimit-Remaining');
  });
});
