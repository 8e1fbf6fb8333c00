import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lessonSplit, type CommissionTier } from '../payments/fees.policy.ts';
import { accountCode } from './chart-of-accounts.ts';
import {
  creditExpired,
  creditGranted,
  fundsAvailable,
  instantPayoutFee,
  instructorRewardEarned,
  instructorTransferred,
  lateCancellationCharged,
  lessonCaptured,
  payoutFailed,
  payoutPaid,
  posting,
  providerFee,
  refundIssued,
  reversal,
  tipCaptured,
  tipTransferred,
  UnbalancedPostingError,
  type Posting,
} from './postings.policy.ts';

const I = '01JINSTRUCTOR0000000000000';
const S = '01JSTUDENT0000000000000000';

/** A posting's lines as `code → amount` (debits positive), in order. */
const lines = (p: Posting) => p.lines.map((line) => [accountCode(line.account), line.amountCents]);
const sum = (p: Posting) => p.lines.reduce((total, line) => total + line.amountCents, 0);

describe('lessonCaptured', () => {
  const captured = (overrides: Partial<Parameters<typeof lessonCaptured>[0]> = {}) =>
    lessonCaptured({ bookingId: 'B1', lessonCents: 8_000, bookingFeeCents: 960, commissionCents: 1_200, providerFeeCents: 290, instructorId: I, studentId: S, ...overrides });

  it('a card-paid $80 lesson: provider net + its fee = what the student paid; fee and commission earned; the instructor owed the rest', () => {
    const p = captured({ providerIds: ['txn_1'] });
    expect(p).toMatchObject({ kind: 'lesson_captured', reference: 'booking:B1:capture', providerIds: ['txn_1'] });
    expect(lines(p)).toEqual([
      ['provider_pending', 8_670],
      ['provider_fees', 290],
      ['revenue_booking_fee', -960],
      ['revenue_commission', -1_200],
      [`instructor_payable:${I}`, -6_800],
    ]);
  });

  it('credit applied at checkout pays part of it: the card is charged less, the student is owed less', () => {
    expect(lines(captured({ creditAppliedCents: 2_000, providerFeeCents: 232 }))).toEqual([
      ['provider_pending', 6_728],
      ['provider_fees', 232],
      [`student_credit:${S}`, 2_000],
      ['revenue_booking_fee', -960],
      ['revenue_commission', -1_200],
      [`instructor_payable:${I}`, -6_800],
    ]);
  });

  it('wholly paid with credit: no card line, no provider fee', () => {
    expect(lines(captured({ creditAppliedCents: 8_960, providerFeeCents: 0 }))).toEqual([
      [`student_credit:${S}`, 8_960],
      ['revenue_booking_fee', -960],
      ['revenue_commission', -1_200],
      [`instructor_payable:${I}`, -6_800],
    ]);
  });

  it('refuses impossible amounts', () => {
    expect(() => captured({ lessonCents: 0 })).toThrow(RangeError);
    expect(() => captured({ commissionCents: 8_001 })).toThrow(RangeError);
    expect(() => captured({ creditAppliedCents: 8_961 })).toThrow(RangeError);
    expect(() => captured({ providerFeeCents: 9_000 })).toThrow(RangeError);
    expect(() => captured({ bookingFeeCents: -1 })).toThrow(RangeError);
    expect(() => captured({ lessonCents: 10.5 })).toThrow(RangeError);
  });

  it('balances for any price, tier, credit and provider fee', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.constantFrom<CommissionTier>('founding', 'standard', 'established', 'top'),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (price, tier, creditShare, feeShare) => {
          const split = lessonSplit(price, tier);
          const credit = Math.floor(split.studentPaysCents * creditShare);
          const providerFeeCents = Math.floor((split.studentPaysCents - credit) * feeShare);
          const p = lessonCaptured({ bookingId: 'B', lessonCents: price, bookingFeeCents: split.bookingFeeCents, commissionCents: split.commissionCents, providerFeeCents, creditAppliedCents: credit, instructorId: I, studentId: S });
          expect(sum(p)).toBe(0);
          expect(p.lines.every((line) => line.amountCents !== 0)).toBe(true);
          const payable = p.lines.find((line) => accountCode(line.account) === `instructor_payable:${I}`)!;
          expect(-payable.amountCents).toBe(split.instructorReceivesCents);
        },
      ),
    );
  });
});

describe('the other money events', () => {
  it('late cancellation (12–24 h): charged, the lesson price becomes the student’s credit, the instructor gets nothing', () => {
    const p = lateCancellationCharged({ bookingId: 'B2', lessonCents: 8_000, bookingFeeCents: 960, providerFeeCents: 290, studentId: S });
    expect(p.reference).toBe('booking:B2:capture');
    expect(lines(p)).toEqual([
      ['provider_pending', 8_670],
      ['provider_fees', 290],
      ['revenue_booking_fee', -960],
      [`student_credit:${S}`, -8_000],
    ]);
  });

  it('transfer to the instructor: from pending at capture (destination charge) or from the available balance', () => {
    expect(lines(instructorTransferred({ reference: 'booking:B1:transfer', instructorId: I, amountCents: 6_800, balance: 'pending' }))).toEqual([
      [`connected_balance:${I}`, 6_800],
      ['provider_pending', -6_800],
    ]);
    expect(lines(instructorTransferred({ reference: 'x', instructorId: I, amountCents: 5, balance: 'available' }))).toEqual([
      [`connected_balance:${I}`, 5],
      ['provider_cash', -5],
    ]);
  });

  it('full refund reversing the instructor’s transfer', () => {
    const p = refundIssued({ bookingId: 'B1', refundId: 're_1', refundCents: 8_960, instructorReversedCents: 6_800, instructorId: I });
    expect(p).toMatchObject({ reference: 'booking:B1:refund:re_1', providerIds: ['re_1'] });
    expect(lines(p)).toEqual([
      ['provider_cash', -8_960],
      ['refunds', 2_160],
      [`instructor_payable:${I}`, 6_800],
      ['provider_cash', 6_800],
      [`connected_balance:${I}`, -6_800],
    ]);
  });

  it('a refund the platform bears alone (no reversal)', () => {
    expect(lines(refundIssued({ bookingId: 'B1', refundId: 're_2', refundCents: 960, instructorReversedCents: 0, instructorId: I }))).toEqual([
      ['provider_cash', -960],
      ['refunds', 960],
    ]);
    expect(() => refundIssued({ bookingId: 'B1', refundId: 're_3', refundCents: 100, instructorReversedCents: 101, instructorId: I })).toThrow(RangeError);
  });

  it('credits: granted as a promotion cost, expired as revenue', () => {
    expect(lines(creditGranted({ creditId: 'C1', studentId: S, amountCents: 2_000, reason: 'referral' }))).toEqual([
      ['promotions_expense', 2_000],
      [`student_credit:${S}`, -2_000],
    ]);
    expect(lines(creditExpired({ creditId: 'C1', studentId: S, amountCents: 500 }))).toEqual([
      [`student_credit:${S}`, 500],
      ['revenue_expired_credit', -500],
    ]);
    expect(creditGranted({ creditId: 'C1', studentId: S, amountCents: 1, reason: 'x' }).reference).toBe('credit:C1:grant');
  });

  it('instructor referral reward: owed to the instructor, a promotion cost', () => {
    expect(lines(instructorRewardEarned({ rewardId: 'R1', instructorId: I, amountCents: 7_500, reason: 'referral' }))).toEqual([
      ['promotions_expense', 7_500],
      [`instructor_payable:${I}`, -7_500],
    ]);
  });

  it('tips: 100% to the instructor, the platform bears the provider fee', () => {
    expect(lines(tipCaptured({ tipId: 'T1', bookingId: 'B1', amountCents: 1_000, providerFeeCents: 59 }))).toEqual([
      ['provider_pending', 941],
      ['provider_fees', 59],
      ['tips_payable', -1_000],
    ]);
    expect(lines(tipTransferred({ tipId: 'T1', instructorId: I, amountCents: 1_000, balance: 'available' }))).toEqual([
      ['tips_payable', 1_000],
      ['provider_cash', -1_000],
      [`connected_balance:${I}`, 1_000],
      [`instructor_payable:${I}`, -1_000],
    ]);
    expect(() => tipCaptured({ tipId: 'T2', bookingId: 'B1', amountCents: 10, providerFeeCents: 11 })).toThrow(RangeError);
  });

  it('payouts: paid settles what is owed; a failed one puts it back', () => {
    const paid = payoutPaid({ payoutId: 'po_1', instructorId: I, amountCents: 6_800 });
    expect(paid).toMatchObject({ reference: 'payout:po_1:paid', providerIds: ['po_1'] });
    expect(lines(paid)).toEqual([
      [`instructor_payable:${I}`, 6_800],
      [`connected_balance:${I}`, -6_800],
    ]);
    expect(lines(payoutFailed({ payoutId: 'po_1', instructorId: I, amountCents: 6_800 }))).toEqual([
      [`connected_balance:${I}`, 6_800],
      [`instructor_payable:${I}`, -6_800],
    ]);
  });

  it('instant payout fee: the instructor owed less, the fee moved to the platform’s balance as revenue', () => {
    expect(lines(instantPayoutFee({ payoutId: 'po_2', instructorId: I, feeCents: 136 }))).toEqual([
      [`instructor_payable:${I}`, 136],
      ['revenue_instant_payout_fee', -136],
      ['provider_cash', 136],
      [`connected_balance:${I}`, -136],
    ]);
  });

  it('provider fee on its own, and funds becoming available', () => {
    expect(lines(providerFee({ reference: 'dispute:dp_1:fee', feeCents: 1_500, description: 'Dispute fee' }))).toEqual([
      ['provider_fees', 1_500],
      ['provider_cash', -1_500],
    ]);
    expect(lines(fundsAvailable({ reference: 'available:txn_1', amountCents: 8_670 }))).toEqual([
      ['provider_cash', 8_670],
      ['provider_pending', -8_670],
    ]);
  });

  it('every event refuses zero or negative amounts', () => {
    expect(() => creditGranted({ creditId: 'C', studentId: S, amountCents: 0, reason: 'x' })).toThrow(RangeError);
    expect(() => payoutPaid({ payoutId: 'p', instructorId: I, amountCents: -5 })).toThrow(RangeError);
    expect(() => instantPayoutFee({ payoutId: 'p', instructorId: I, feeCents: 0 })).toThrow(RangeError);
    expect(() => fundsAvailable({ reference: 'r', amountCents: 0 })).toThrow(RangeError);
  });
});

describe('reversal and the balance check', () => {
  it('a reversal negates every line of the original under its own reference', () => {
    const original = payoutPaid({ payoutId: 'po_1', instructorId: I, amountCents: 6_800 });
    const undo = reversal(original, 'recorded twice by mistake');
    expect(undo.reference).toBe('payout:po_1:paid:reversal');
    expect(lines(undo)).toEqual([
      [`instructor_payable:${I}`, -6_800],
      [`connected_balance:${I}`, 6_800],
    ]);
  });

  it('posting() refuses lines that do not balance or move nothing', () => {
    const head = { kind: 'test', reference: 'r', description: '' };
    expect(() => posting(head, [{ account: { kind: 'provider_cash' }, amountCents: 5 }, { account: { kind: 'refunds' }, amountCents: -4 }])).toThrow(UnbalancedPostingError);
    expect(() => posting(head, [{ account: { kind: 'provider_cash' }, amountCents: 0 }])).toThrow(UnbalancedPostingError);
  });
});
