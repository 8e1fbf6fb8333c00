import { describe, expect, it } from 'vitest';
import { checkDailyLimit, DAILY_SMS_SEGMENT_LIMIT, marketplaceDay, redactCodes } from './sms.policy.ts';

describe('marketplaceDay (America/New_York)', () => {
  it('is the New York date, not the UTC date, in the evening', () => {
    // 23:30 in New York on Jan 15 is already Jan 16 in UTC.
    expect(marketplaceDay(new Date('2026-01-16T04:30:00Z'))).toEqual({
      date: '2026-01-15',
      start: new Date('2026-01-15T05:00:00Z'),
      end: new Date('2026-01-16T05:00:00Z'),
    });
  });

  it('starts exactly at local midnight', () => {
    expect(marketplaceDay(new Date('2026-07-01T03:59:59.999Z')).date).toBe('2026-06-30');
    expect(marketplaceDay(new Date('2026-07-01T04:00:00Z'))).toEqual({
      date: '2026-07-01',
      start: new Date('2026-07-01T04:00:00Z'),
      end: new Date('2026-07-02T04:00:00Z'),
    });
  });

  it('is 23 hours long when clocks spring forward', () => {
    const day = marketplaceDay(new Date('2026-03-08T12:00:00Z'));
    expect(day).toEqual({ date: '2026-03-08', start: new Date('2026-03-08T05:00:00Z'), end: new Date('2026-03-09T04:00:00Z') });
  });

  it('is 25 hours long when clocks fall back', () => {
    const day = marketplaceDay(new Date('2026-11-01T12:00:00Z'));
    expect(day).toEqual({ date: '2026-11-01', start: new Date('2026-11-01T04:00:00Z'), end: new Date('2026-11-02T05:00:00Z') });
    // Both 01:30s of that night belong to it.
    expect(marketplaceDay(new Date('2026-11-01T05:30:00Z')).date).toBe('2026-11-01');
    expect(marketplaceDay(new Date('2026-11-01T06:30:00Z')).date).toBe('2026-11-01');
  });

  it('rolls over months and years', () => {
    expect(marketplaceDay(new Date('2027-01-01T04:59:00Z'))).toMatchObject({
      date: '2026-12-31',
      end: new Date('2027-01-01T05:00:00Z'),
    });
    expect(marketplaceDay(new Date('2028-02-29T15:00:00Z'))).toMatchObject({
      date: '2028-02-29',
      end: new Date('2028-03-01T05:00:00Z'),
    });
  });

  it('always contains the instant, for instants spread over a whole year', () => {
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 5 * 3_600_000 + 17_000) {
      const day = marketplaceDay(new Date(ms));
      expect(day.start.getTime()).toBeLessThanOrEqual(ms);
      expect(day.end.getTime()).toBeGreaterThan(ms);
      expect([23, 24, 25]).toContain((day.end.getTime() - day.start.getTime()) / 3_600_000);
    }
  });
});

describe('checkDailyLimit', () => {
  const now = new Date('2026-01-15T20:00:00Z'); // 15:00 in New York

  it('allows up to exactly 10 segments a day', () => {
    expect(DAILY_SMS_SEGMENT_LIMIT).toBe(10);
    expect(checkDailyLimit({ used: 0, requested: 10, now })).toEqual({ allowed: true, remaining: 0 });
    expect(checkDailyLimit({ used: 9, requested: 1, now })).toEqual({ allowed: true, remaining: 0 });
  });

  it('refuses a message that would cross the limit, even partly', () => {
    expect(checkDailyLimit({ used: 9, requested: 2, now })).toEqual({
      allowed: false,
      used: 9,
      requested: 2,
      limit: 10,
      resetsAt: new Date('2026-01-16T05:00:00Z'),
      retryAfterSeconds: 9 * 3600,
    });
    expect(checkDailyLimit({ used: 10, requested: 1, now }).allowed).toBe(false);
    expect(checkDailyLimit({ used: 0, requested: 11, now }).allowed).toBe(false);
  });
});

describe('redactCodes', () => {
  it('hides codes but keeps the rest of the message', () => {
    expect(redactCodes('InstaInstru code: 042917. Expires in 10 minutes.')).toBe(
      'InstaInstru code: ••••••. Expires in 10 minutes.',
    );
  });
});
