import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';

describe('DomainError', () => {
  it('carries its code, message, details and status', () => {
    const error = new DomainError('conflict', 'That time was just taken.', { code: 'slot_taken' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DomainError');
    expect(error.code).toBe('conflict');
    expect(error.message).toBe('That time was just taken.');
    expect(error.details).toEqual({ code: 'slot_taken' });
    expect(error.status).toBe(409);
    expect(new DomainError('not_found', 'x').details).toEqual({});
  });

  it('keeps no stack frames for a refusal (4xx), keeps them for a fault (5xx), and leaves the global limit as it was', () => {
    const limit = Error.stackTraceLimit;
    const refusal = new DomainError('validation_failed', 'body.email: is required');
    const fault = new DomainError('internal', 'the ledger did not balance');
    expect(refusal.stack).not.toMatch(/\n\s+at /);
    expect(fault.stack).toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('plain').stack).toMatch(/\n\s+at /);
  });
});
