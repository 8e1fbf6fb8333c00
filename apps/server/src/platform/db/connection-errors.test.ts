import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isIntegrityViolation } from './connection-errors.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('recognizes unreachable servers, dropped connections, shutdowns and pool timeouts', () => {
    for (const error of [
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('read ECONNRESET', 'ECONNRESET'),
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('connection failure', '08006'),
      withCode('sorry, too many clients already', '53300'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''),
      new Error('query failed', { cause: withCode('read ECONNRESET', 'ECONNRESET') }),
    ]) {
      expect(isDatabaseUnavailable(error), error.message).toBe(true);
    }
  });

  it('leaves query errors, constraint violations and non-errors alone', () => {
    for (const error of [
      withCode('duplicate key value violates unique constraint "users_email_key"', '23505'),
      withCode('syntax error at or near "selec"', '42601'),
      withCode('canceling statement due to statement timeout', '57014'),
      new Error('Something else'),
      'ECONNREFUSED',
      null,
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });
});

describe('isIntegrityViolation', () => {
  it('recognizes SQLSTATE class 23 (unique, foreign key, check, exclusion), also as a cause', () => {
    for (const code of ['23505', '23503', '23514', '23P01']) {
      expect(isIntegrityViolation(Object.assign(new Error('refused'), { code }))).toBe(true);
    }
    expect(isIntegrityViolation(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: '23505' }) }))).toBe(true);
  });

  it('leaves outages, syntax errors and non-errors alone', () => {
    for (const code of ['08006', '42601', 'ECONNREFUSED']) expect(isIntegrityViolation(Object.assign(new Error('x'), { code }))).toBe(false);
    expect(isIntegrityViolation('23505')).toBe(false);
  });
});
