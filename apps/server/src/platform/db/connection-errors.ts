/**
 * Whether an error means "the database cannot be reached right now" (as opposed to a bad query
 * or a constraint): the request deserves 503 + Retry-After, not 500, and a retry may succeed.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

// SQLSTATE: 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections; class 08 is "connection exception".
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

// node-postgres reports a dropped connection and a pool wait timeout with messages only, no code.
const MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (MESSAGES.some((pattern) => pattern.test(error.message))) return true;
  // Node reports a refused connection to every resolved address as one AggregateError.
  if (error instanceof AggregateError && error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(error.cause, depth + 1);
}

/**
 * Whether an error is PostgreSQL refusing a write by one of its integrity rules (SQLSTATE class
 * 23: unique, foreign key, check, exclusion, or a trigger raising check_violation). Services check
 * these rules first and explain them field by field; reaching the database's own refusal means a
 * concurrent change got there between the check and the write, so the request conflicts with the
 * current state (409) rather than failing the server.
 */
export function isIntegrityViolation(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^23[0-9A-Z]{3}$/.test(code)) return true;
  return isIntegrityViolation(error.cause, depth + 1);
}
