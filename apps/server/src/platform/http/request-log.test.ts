import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from '../logging.ts';
import { OneLineRequestLog } from './request-log.ts';

describe('request log', () => {
  it('writes one line per request with method, redacted URL, status, duration and trace id', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    });
    const options = loggerOptions({ LOG_LEVEL: 'info', NODE_ENV: 'development' }) as object;
    const app = Fastify({ logger: { ...options, stream }, logController: new OneLineRequestLog(), genReqId: () => 'trace-1' });
    app.get('/things', async () => ({ ok: true }));
    await app.inject({ method: 'GET', url: '/things?token=s3cret&page=2' });
    await app.close();

    const requestLines = lines.filter((line) => line.req !== undefined || line.res !== undefined);
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      msg: 'request completed',
      reqId: 'trace-1',
      req: { method: 'GET', url: '/things?token=%5Bredacted%5D&page=2', traceId: 'trace-1' },
      res: { statusCode: 200 },
    });
    expect(typeof requestLines[0]!.responseTime).toBe('number');
    expect(JSON.stringify(lines)).not.toContain('s3cret');
  });
});
