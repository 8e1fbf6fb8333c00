import { describe, expect, it } from 'vitest';
import { captureApplicationFee, captureProviderIds, changeKey } from './booking-change-money.ts';
import { planOf } from './booking-changes.service.ts';
import { cancellationOutcome } from './cancellation.policy.ts';

const booking = { lessonCents: 8_000, bookingFeeCents: 960, totalCents: 8_960, creditsCents: 0 };

describe('booking change money', () => {
  it('names each step’s idempotency key after the booking and the step', () => {
    expect(changeKey('B1', 'cancel_release')).toBe('booking:B1:cancel:release');
    expect(changeKey('B1', 'cancel_capture')).toBe('booking:B1:cancel:capture');
    expect(changeKey('B1', 'cancel_charge')).toBe('booking:B1:cancel:charge');
    expect(changeKey('B1', 'cancel_refund')).toBe('booking:B1:cancel:refund');
    expect(changeKey('B1', 'no_show_release')).toBe('booking:B1:no-show:release');
    expect(changeKey('B1', 'no_show_refund')).toBe('booking:B1:no-show:refund');
  });

  it('names the charge on the capture step, the transfer and the application fee on the transfer step, all three on a capture with nothing transferred', () => {
    const payment = { id: 'pi_1', chargeId: 'ch_1', transferId: 'tr_1', applicationFeeId: 'fee_1', providerFeeCents: 290 };
    expect(captureProviderIds(payment, true)).toEqual({ capture: ['ch_1'], transfer: ['tr_1', 'fee_1'] });
    expect(captureProviderIds(payment, false)).toEqual({ capture: ['ch_1', 'tr_1', 'fee_1'], transfer: [] });
    expect(captureProviderIds({ ...payment, chargeId: null, transferId: null, applicationFeeId: null }, false)).toEqual({ capture: ['pi_1'], transfer: [] });
  });

  it('keeps the whole capture for the platform in the 12–24 h tier, the fee and commission in the < 12 h tier', () => {
    const at = (hoursBefore: number) =>
      cancellationOutcome({
        by: 'student',
        nowMs: 100 * 3_600_000 - hoursBefore * 3_600_000,
        originalStartsAtMs: 100 * 3_600_000,
        lessonCents: 8_000,
        bookingFeeCents: 960,
        creditsUsedCents: 0,
        cardCents: 8_960,
        paymentState: 'authorized',
        commissionTier: 'standard',
      });
    const late = planOf(at(12), 960);
    expect(late).toEqual({ kind: 'late', creditsReturnedCents: 0, creditIssuedCents: 8_000, commissionCents: 0 });
    expect(captureApplicationFee(booking, late)).toBe(8_960);
    const veryLate = planOf(at(11), 960);
    expect(veryLate).toEqual({ kind: 'paid', creditsReturnedCents: 0, creditIssuedCents: 0, commissionCents: 1_200 });
    expect(captureApplicationFee(booking, veryLate)).toBe(2_160);
    expect(planOf(at(25), 960).kind).toBe('void');
  });

  it('takes credits the platform funds out of its fee, never below zero nor above the card part', () => {
    const paid = { kind: 'paid' as const, creditsReturnedCents: 0, creditIssuedCents: 0, commissionCents: 1_200 };
    expect(captureApplicationFee({ ...booking, creditsCents: 1_000 }, paid)).toBe(1_160);
    expect(captureApplicationFee({ ...booking, creditsCents: 5_000 }, paid)).toBe(0);
    expect(captureApplicationFee({ ...booking, creditsCents: 8_960 }, { ...paid, kind: 'late' })).toBe(0);
  });
});
