/**
 * Platform credits at checkout (PRODUCT.md §6), pure: credits still valid at `now` are used
 * oldest first (by issue time, then id, so equal times still have one order), each as far as
 * it goes — partially when it holds more than is left to pay — and never more than the amount.
 */
export const CREDIT_VALIDITY_DAYS = 365;

export interface AvailableCredit {
  id: string;
  remainingCents: number;
  issuedAt: Date;
  expiresAt: Date;
}

export interface CreditUse {
  creditId: string;
  cents: number;
}

export interface AppliedCredits {
  appliedCents: number;
  uses: CreditUse[];
}

/** A credit is usable while `now` is before its expiry (an expiry at exactly `now` has passed). */
export function isUsable(credit: AvailableCredit, now: Date): boolean {
  return credit.remainingCents > 0 && credit.expiresAt.getTime() > now.getTime();
}

export function applyCredits(credits: readonly AvailableCredit[], amountCents: number, now: Date): AppliedCredits {
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) throw new RangeError(`amount must be whole cents ≥ 0, got ${amountCents}`);
  const ordered = credits
    .filter((credit) => isUsable(credit, now))
    .sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const uses: CreditUse[] = [];
  let left = amountCents;
  for (const credit of ordered) {
    if (left === 0) break;
    if (!Number.isSafeInteger(credit.remainingCents)) throw new RangeError(`credit ${credit.id} has a non-integer balance`);
    const cents = Math.min(credit.remainingCents, left);
    uses.push({ creditId: credit.id, cents });
    left -= cents;
  }
  return { appliedCents: amountCents - left, uses };
}

/** When a credit issued at `issuedAt` expires: one year later (365 days, the same instant of day). */
export function creditExpiry(issuedAt: Date): Date {
  return new Date(issuedAt.getTime() + CREDIT_VALIDITY_DAYS * 24 * 60 * 60_000);
}
