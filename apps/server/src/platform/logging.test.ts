import { Writable } from 'node:stream';
import { execFileSync } from 'node:child_process';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { OneLineRequestLog } from './http/request-log.ts';
import { loggerOptions, redactUrlSecrets } from './logging.ts';

describe('log hygiene', () => {
  it('removes secret query parameters from logged URLs', () => {
    expect(redactUrlSecrets('/api/v1/auth/verify-email?token=abc123&next=/home')).toBe(
      '/api/v1/auth/verify-email?token=%5Bredacted%5D&next=%2Fhome',
    );
    expect(redactUrlSecrets('/x?Code=1&signature=2&page=3')).toBe('/x?Code=%5Bredacted%5D&signature=%5Bredacted%5D&page=3');
    expect(redactUrlSecrets('/api/v1/catalog')).toBe('/api/v1/catalog');
    expect(redactUrlSecrets('/api/v1/calendar/AbC-_12.ics?x=1')).toBe('/api/v1/calendar/[redacted].ics?x=1');
  });

  it('never writes credentials or tokens: not from requests, responses or errors', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const options = loggerOptions({ LOG_LEVEL: 'info', NODE_ENV: 'development' }) as object;
    const app = Fastify({ logger: { ...options, stream }, logController: new OneLineRequestLog() });
    app.post('/login', async (_request, reply) => reply.header('set-cookie', 'ii_refresh=cookie-r1; HttpOnly').send({ accessToken: 'a1' }));
    app.get('/boom', async () => {
      throw Object.assign(new Error('failed'), { password: 'hunter2', token: 'tok-1', details: { refreshToken: 'r2', totpCode: '123456' } });
    });
    const headers = { authorization: 'Bearer eyJhbGci.secret', cookie: 'ii_refresh=refresh-abc', 'x-api-key': 'key-1' };
    await app.inject({ method: 'POST', url: '/login?token=url-token', headers, payload: { email: 'a@b.c', password: 'hunter3' } });
    await app.inject({ method: 'GET', url: '/boom?code=url-code', headers });
    app.log.warn({ err: Object.assign(new Error('x'), { secret: 's-1', backupCode: 'b-1' }) }, 'background failure');
    await app.close();

    const text = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const secret of ['eyJhbGci.secret', 'refresh-abc', 'key-1', 'cookie-r1', 'hunter2', 'hunter3', 'tok-1', 'r2', '123456', 'url-token', 'url-code', 's-1', 'b-1', '"a1"']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
    expect(text).toContain('/login');
  });
});

describe('buffered standard output', () => {
  const script = (body: string) =>
    `import { bufferedStdout } from ${JSON.stringify(new URL('./logging.ts', import.meta.url).pathname)};\nimport pino from 'pino';\nconst log = pino(bufferedStdout());\n${body}`;
  const run = (body: string) =>
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(body)], { encoding: 'utf8', cwd: new URL('../..', import.meta.url).pathname, timeout: 20_000 });

  it('writes what was logged before the process exits, even through process.exit', () => {
    expect(run("log.info('first'); log.info('second'); process.exit(0);")).toMatch(/"msg":"first"[\s\S]*"msg":"second"/);
  });

  it('writes a lone line within the flush interval while the process keeps running', () => {
    // The process stays up 3 s; the line must be out before the exit flush would write it.
    const out = run("log.info('lone'); const started = Date.now(); setTimeout(() => { process.stdout.write(`\\nafter ${Date.now() - started}\\n`); }, 1500); setTimeout(() => {}, 3000);");
    const lone = out.indexOf('"msg":"lone"');
    const after = out.indexOf('after ');
    expect(lone).toBeGreaterThanOrEqual(0);
    expect(lone).toBeLessThan(after);
  });
});
