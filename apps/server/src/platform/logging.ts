import type { FastifyServerOptions } from 'fastify';
import pino from 'pino';
import type { Config } from '../config.ts';

/** Query parameters whose values never reach a log line (tokens in emailed links, codes). */
const SECRET_QUERY_PARAMS = /^(token|code|password|secret|signature|key|access_token|refresh_token)$/i;

/** Paths whose segment is itself the secret: a private calendar feed's token (…/calendar/{token}.ics). */
const SECRET_PATH = /\/calendar\/[^/?]+\.ics/;

export function redactUrlSecrets(rawUrl: string): string {
  const url = rawUrl.replace(SECRET_PATH, '/calendar/[redacted].ics');
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  for (const key of [...params.keys()]) {
    if (SECRET_QUERY_PARAMS.test(key)) params.set(key, '[redacted]');
  }
  return `${url.slice(0, queryStart)}?${params.toString()}`;
}

/** Field names that hold credentials wherever they appear in what we log. */
const SECRET_FIELDS = ['password', 'newPassword', 'currentPassword', 'token', 'accessToken', 'refreshToken', 'secret', 'totpCode', 'backupCode', 'authorization', 'cookie'];

/**
 * What pino redacts, limited to what is logged. Requests and responses go through the
 * serializers below, which keep named fields only (method, URL with secret parameters
 * removed, address, trace id; status code): headers and bodies never reach a line, so the
 * request line needs no redaction pass (wildcard paths ran one on every field of every line:
 * ~10% of a cached read). The other fields logged are errors (`err`: their own enumerable
 * properties, one level of nesting), rate-limit names and hashed keys, provider codes and
 * storage keys; only errors can carry something a caller sent.
 */
export const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) => [`err.${field}`, `err.*.${field}`]);

/** Log lines wait at most this long in the buffer (when fewer than LOG_BUFFER_BYTES arrive meanwhile). */
export const LOG_FLUSH_INTERVAL_MS = 1_000;
const LOG_BUFFER_BYTES = 4096;

/**
 * Standard output, buffered: one write per 4 KB of lines or per second, not one system call per
 * line (a synchronous write per request line was 11% of a cached read). The flush timer does
 * not keep the process alive, and pino flushes the buffer synchronously when the process
 * exits, crashes included.
 */
export function bufferedStdout(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: false, minLength: LOG_BUFFER_BYTES, periodicFlush: LOG_FLUSH_INTERVAL_MS });
}

export function loggerOptions(config: Pick<Config, 'LOG_LEVEL' | 'NODE_ENV'>): FastifyServerOptions['logger'] {
  const level = config.NODE_ENV === 'test' && config.LOG_LEVEL === 'info' ? 'silent' : config.LOG_LEVEL;
  return {
    level,
    ...(level === 'silent' ? {} : { stream: bufferedStdout() }),
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req(request: { method: string; url: string; ip?: string; id?: string }) {
        return { method: request.method, url: redactUrlSecrets(request.url), ip: request.ip, traceId: request.id };
      },
      res(reply: { statusCode: number }) {
        return { statusCode: reply.statusCode };
      },
    },
  };
}
