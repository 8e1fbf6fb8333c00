import { describe, expect, it } from 'vitest';
import { PaymentError } from '../../integrations/payments/payment-error.ts';
import { DomainError } from '../../platform/errors.ts';
import { providerCall, providerSecond } from './provider-call.ts';

describe('provider calls in the API’s words', () => {
  it('answers 503 when the provider is down, 422 with its code when it refuses, and lets other errors through', async () => {
    const down = await providerCall(() => Promise.reject(new PaymentError('unavailable', 'timeout'))).catch((error: unknown) => error);
    expect(down).toBeInstanceOf(DomainError);
    expect((down as DomainError).status).toBe(503);
    const refused = await providerCall(() => Promise.reject(new PaymentError('invalid', 'Insufficient funds', { code: 'balance_insufficient' }))).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'unprocessable', details: { code: 'balance_insufficient' } });
    const bug = new TypeError('a bug');
    await expect(providerCall(() => Promise.reject(bug))).rejects.toBe(bug);
    expect(await providerCall(async () => 42)).toBe(42);
  });

  it('dates a read to the start of its second, as the provider dates its events', () => {
    expect(providerSecond(new Date('2026-11-23T15:00:05.300Z')).toISOString()).toBe('2026-11-23T15:00:05.000Z');
    expect(providerSecond(new Date('2026-11-23T15:00:05.000Z')).toISOString()).toBe('2026-11-23T15:00:05.000Z');
  });
});
