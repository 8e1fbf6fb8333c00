import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACTED_PATHS, redactUrlSecrets } from './logging.ts';

describe('log hygiene', () => {
  it('removes secret query parameters from logged URLs', () => {
    expect(redactUrlSecrets('/api/v1/auth/verify-email?token=abc123&next=/home')).toBe(
      '/api/v1/auth/verify-email?token=%5Bredacted%5D&next=%2Fhome',
    );
    expect(redactUrlSecrets('/x?Code=1&signature=2&page=3')).toBe('/x?Code=%5Bredacted%5D&signature=%5Bredacted%5D&page=3');
    expect(redactUrlSecrets('/api/v1/catalog')).toBe('/api/v1/catalog');
  });

  it('never writes credentials or tokens', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    logger.info({
      req: { headers: { authorization: 'Bearer eyJhbGci.secret', cookie: 'refresh=abc' } },
      body: { email: 'a@b.c', password: 'hunter2', totpCode: '123456' },
      session: { refreshToken: 'r1', accessToken: 'a1' },
    });
    const line = lines.join('');
    for (const secret of ['eyJhbGci.secret', 'refresh=abc', 'hunter2', '123456', 'r1', 'a1']) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('a@b.c');
  });
});
