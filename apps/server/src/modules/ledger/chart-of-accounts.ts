/**
 * The chart of accounts (PRODUCT.md §6), as 0015_ledger.sql constrains it. Platform accounts
 * exist once; per-person accounts once per owner, coded `<kind>:<userId>`.
 *
 * Money at the provider is split between what is pending and what is available on the
 * platform's balance (inflows land in pending; `fundsAvailable` moves them), plus each
 * instructor's connected-account balance: money that is theirs but still at the provider.
 * An instructor's payable is what the platform owes them until a payout reaches their bank, so
 * it equals their connected balance plus any share not yet transferred.
 */
export const PLATFORM_ACCOUNT_KINDS = [
  'provider_pending',
  'provider_cash',
  'tips_payable',
  'revenue_booking_fee',
  'revenue_commission',
  'revenue_instant_payout_fee',
  'revenue_expired_credit',
  'refunds',
  'provider_fees',
  'promotions_expense',
] as const;
export const OWNED_ACCOUNT_KINDS = ['connected_balance', 'instructor_payable', 'student_credit'] as const;
export const ACCOUNT_KINDS = [...PLATFORM_ACCOUNT_KINDS, ...OWNED_ACCOUNT_KINDS] as const;

export type PlatformAccountKind = (typeof PLATFORM_ACCOUNT_KINDS)[number];
export type OwnedAccountKind = (typeof OWNED_ACCOUNT_KINDS)[number];
export type AccountKind = (typeof ACCOUNT_KINDS)[number];
export type NormalSide = 'debit' | 'credit';

/** Assets, expenses and the refunds contra-revenue grow by debits; liabilities and revenue by credits. */
export const NORMAL_SIDE: Record<AccountKind, NormalSide> = {
  provider_pending: 'debit',
  provider_cash: 'debit',
  connected_balance: 'debit',
  refunds: 'debit',
  provider_fees: 'debit',
  promotions_expense: 'debit',
  instructor_payable: 'credit',
  student_credit: 'credit',
  tips_payable: 'credit',
  revenue_booking_fee: 'credit',
  revenue_commission: 'credit',
  revenue_instant_payout_fee: 'credit',
  revenue_expired_credit: 'credit',
};

export type AccountRef = { kind: PlatformAccountKind } | { kind: OwnedAccountKind; ownerUserId: string };

export const platformAccount = (kind: PlatformAccountKind): AccountRef => ({ kind });
export const instructorPayable = (instructorId: string): AccountRef => ({ kind: 'instructor_payable', ownerUserId: instructorId });
export const connectedBalance = (instructorId: string): AccountRef => ({ kind: 'connected_balance', ownerUserId: instructorId });
export const studentCredit = (studentId: string): AccountRef => ({ kind: 'student_credit', ownerUserId: studentId });

export function accountCode(account: AccountRef): string {
  return 'ownerUserId' in account ? `${account.kind}:${account.ownerUserId}` : account.kind;
}

export function isOwnedKind(kind: AccountKind): kind is OwnedAccountKind {
  return (OWNED_ACCOUNT_KINDS as readonly string[]).includes(kind);
}

/** A balance as people read it: positive on the account's normal side (a payable of 50 is owed 50). */
export function naturalBalance(kind: AccountKind, sumOfEntriesCents: number): number {
  // `0 - x`, not `-x`: a zero balance stays 0, never -0.
  return NORMAL_SIDE[kind] === 'debit' ? sumOfEntriesCents : 0 - sumOfEntriesCents;
}
