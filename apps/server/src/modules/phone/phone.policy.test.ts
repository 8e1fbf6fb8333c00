import { describe, expect, it } from 'vitest';
import {
  CODE_TTL_MS,
  codeMatches,
  deriveCodeKey,
  evaluateAttempt,
  formatCode,
  hashCode,
  isCodeShaped,
  MAX_ATTEMPTS,
  normalizePhone,
  resendWaitMs,
  verificationMessage,
} from './phone.policy.ts';
import { countSegments } from '../../integrations/sms/segments.ts';

describe('normalizePhone', () => {
  it.each([
    ['(212) 555-0100', '+12125550100'],
    ['212-555-0100', '+12125550100'],
    ['212.555.0100', '+12125550100'],
    ['2125550100', '+12125550100'],
    ['1 212 555 0100', '+12125550100'],
    ['1-212-555-0100', '+12125550100'],
    ['+1 212 555 0100', '+12125550100'],
    ['+1 (212) 555-0100', '+12125550100'],
    ['+12125550100', '+12125550100'],
    ['  (718) 555-0199  ', '+17185550199'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+33 1 23 45 67 89', '+33123456789'],
    ['+15005550006', '+15005550006'],
  ])('reads %j as %s', (input, e164) => {
    expect(normalizePhone(input)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['', /is empty/],
    ['   ', /is empty/],
    ['555-0100', /must have 10 digits with the area code \(got 7\)/],
    ['212555010', /must have 10 digits/],
    ['21255501000', /must have 10 digits/],
    ['2125550100 ext 12', /may only contain digits/],
    ['call me', /may only contain digits/],
    ['212-555-0100#', /may only contain digits/],
    ['+1 212 555 010', /not a valid \+1/],
    ['+1 112 555 0100', /not a valid \+1/],
    ['(112) 555-0100', /not a valid US number/],
    ['(212) 155-0100', /not a valid US number/],
    ['(911) 555-0100', /not a valid US number/],
    ['+0 212 555 0100', /not a valid international number/],
    ['+44 1234567890123456', /not a valid international number/],
    ['0044 20 7946 0958', /must have 10 digits/],
    ['++12125550100', /may only contain digits/],
    ['212+5550100', /may only contain digits/],
  ])('refuses %j with a reason', (input, reason) => {
    const result = normalizePhone(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toMatch(reason);
      expect(result.reason).toContain('(212) 555-0100');
    }
  });
});

describe('verification codes', () => {
  const key = deriveCodeKey(Buffer.alloc(32, 'k').toString('base64'));

  it('are six digits with leading zeros kept', () => {
    expect(formatCode(0)).toBe('000000');
    expect(formatCode(42)).toBe('000042');
    expect(formatCode(999_999)).toBe('999999');
    expect(isCodeShaped('012345')).toBe(true);
    for (const bad of ['12345', '1234567', '12 345', 'abcdef', ' 123456', '１２３４５６']) expect(isCodeShaped(bad)).toBe(false);
  });

  it('are stored as an HMAC bound to their verification, never in the clear', () => {
    const hash = hashCode(key, 'VERIFICATION_A', '123456');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('123456');
    expect(hashCode(key, 'VERIFICATION_B', '123456')).not.toBe(hash);
    expect(hashCode(deriveCodeKey(Buffer.alloc(32, 'other').toString('base64')), 'VERIFICATION_A', '123456')).not.toBe(hash);
    expect(codeMatches(key, 'VERIFICATION_A', '123456', hash)).toBe(true);
    expect(codeMatches(key, 'VERIFICATION_A', '123457', hash)).toBe(false);
    expect(codeMatches(key, 'VERIFICATION_B', '123456', hash)).toBe(false);
    expect(codeMatches(key, 'VERIFICATION_A', '123456', 'not-hex')).toBe(false);
  });

  it('travel in a single GSM-7 segment', () => {
    expect(countSegments(verificationMessage('123456'))).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });
});

describe('evaluateAttempt', () => {
  const sentAt = new Date('2026-01-15T15:00:00Z');
  const pending = (attempts: number) => ({ attempts, expiresAt: new Date(sentAt.getTime() + CODE_TTL_MS) });
  const at = (ms: number) => new Date(sentAt.getTime() + ms);

  it('verifies the right code within 10 minutes', () => {
    expect(evaluateAttempt(pending(0), at(0), true)).toEqual({ outcome: 'verified' });
    expect(evaluateAttempt(pending(4), at(CODE_TTL_MS - 1), true)).toEqual({ outcome: 'verified' });
  });

  it('counts down the attempts left on a wrong code', () => {
    expect([0, 1, 2, 3, 4].map((attempts) => evaluateAttempt(pending(attempts), at(1000), false))).toEqual([
      { outcome: 'wrong', remainingAttempts: 4 },
      { outcome: 'wrong', remainingAttempts: 3 },
      { outcome: 'wrong', remainingAttempts: 2 },
      { outcome: 'wrong', remainingAttempts: 1 },
      { outcome: 'wrong', remainingAttempts: 0 },
    ]);
  });

  it('is dead after 5 wrong attempts, even for the right code', () => {
    expect(MAX_ATTEMPTS).toBe(5);
    expect(evaluateAttempt(pending(5), at(1000), true)).toEqual({ outcome: 'dead' });
    expect(evaluateAttempt(pending(5), at(CODE_TTL_MS), false)).toEqual({ outcome: 'dead' });
  });

  it('expires exactly 10 minutes after sending, even for the right code', () => {
    expect(CODE_TTL_MS).toBe(600_000);
    expect(evaluateAttempt(pending(0), at(CODE_TTL_MS), true)).toEqual({ outcome: 'expired' });
    expect(evaluateAttempt(pending(2), at(CODE_TTL_MS + 1), false)).toEqual({ outcome: 'expired' });
  });
});

describe('resendWaitMs', () => {
  const sentAt = new Date('2026-01-15T15:00:00Z');
  it('asks for a minute between code requests', () => {
    expect(resendWaitMs(undefined, sentAt)).toBe(0);
    expect(resendWaitMs(sentAt, sentAt)).toBe(60_000);
    expect(resendWaitMs(sentAt, new Date(sentAt.getTime() + 59_001))).toBe(999);
    expect(resendWaitMs(sentAt, new Date(sentAt.getTime() + 60_000))).toBe(0);
  });
});
