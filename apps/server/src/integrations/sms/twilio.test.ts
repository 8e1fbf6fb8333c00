import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { SmsError } from './sms.port.ts';
import { toSmsError } from './twilio.ts';

/** A RestException exactly as the SDK builds it from Twilio's error body. */
function restException(statusCode: number, body: object | null) {
  return new twilio.RestException({ statusCode, body: body === null ? '' : JSON.stringify(body) });
}

describe('toSmsError (Twilio failures in our terms)', () => {
  it('makes invalid and unreachable numbers permanent, keeping the Twilio code', () => {
    for (const code of [21211, 21408, 21610, 21612, 21614]) {
      const error = toSmsError(
        restException(400, { code, message: 'nope', more_info: `https://www.twilio.com/docs/errors/${code}`, status: 400 }),
      );
      expect(error).toBeInstanceOf(SmsError);
      expect(error).toMatchObject({ kind: 'permanent', providerCode: code, retryable: false });
      expect(error.message).toBe(`Twilio error ${code}: nope`);
    }
  });

  it('retries rate limits, Twilio outages and rejected credentials', () => {
    expect(toSmsError(restException(429, { code: 20429, message: 'Too Many Requests', status: 429 }))).toMatchObject({
      kind: 'retryable',
      providerCode: 20429,
    });
    expect(toSmsError(restException(503, null))).toMatchObject({ kind: 'retryable', providerCode: undefined });
    expect(toSmsError(restException(401, { code: 20003, message: 'Authenticate', status: 401 }))).toMatchObject({
      kind: 'retryable',
      providerCode: 20003,
    });
  });

  it('retries network failures, which carry no HTTP status', () => {
    const error = toSmsError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    expect(error).toMatchObject({ kind: 'retryable', providerCode: undefined });
    expect(error.message).toBe('Twilio unreachable: socket hang up');
  });

  it('passes our own errors through unchanged', () => {
    const original = new SmsError('already ours', { kind: 'permanent', providerCode: 21211 });
    expect(toSmsError(original)).toBe(original);
  });
});
