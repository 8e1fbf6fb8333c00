import {
  connectedBalance,
  instructorPayable,
  platformAccount,
  studentCredit,
  type AccountRef,
} from './chart-of-accounts.ts';

/**
 * Money events → ledger entries (PRODUCT.md §6). Pure: each function returns one balanced
 * posting; the ledger service writes it in the caller's transaction. An amount is positive for
 * a debit and negative for a credit; lines of zero are left out (a lesson paid wholly with
 * credit has no card line), and every posting keeps at least two lines.
 *
 * The reference names the money step (`booking:{id}:capture`): the ledger records a reference
 * once, so a step retried after a crash cannot be counted twice.
 *
 * Where money sits: charges land in provider_pending until the provider makes them available
 * (`fundsAvailable`); refunds, fees and later transfers leave provider_cash. A destination
 * charge's transfer leaves at capture, from the same pending funds (`balance: 'pending'`).
 */
export interface PostingLine {
  account: AccountRef;
  amountCents: number;
}

export interface Posting {
  kind: string;
  reference: string;
  description: string;
  /** The provider's ids this step produced (charge, refund, transfer, payout…), for reconciliation. */
  providerIds: string[];
  lines: PostingLine[];
}

export class UnbalancedPostingError extends Error {}

const pending = platformAccount('provider_pending');
const cash = platformAccount('provider_cash');
const balanceAccount = (balance: 'pending' | 'available') => (balance === 'pending' ? pending : cash);

function cents(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be whole cents ≥ 0, got ${value}`);
  return value;
}

function positive(name: string, value: number): number {
  if (cents(name, value) === 0) throw new RangeError(`${name} must be more than 0 cents`);
  return value;
}

/** Drops zero lines and checks the rest sum to zero: a posting that does not balance is a bug here, not data. */
export function posting(head: Omit<Posting, 'lines' | 'providerIds'> & { providerIds?: string[] }, lines: PostingLine[]): Posting {
  const kept = lines.filter((line) => line.amountCents !== 0);
  const total = kept.reduce((sum, line) => sum + line.amountCents, 0);
  if (total !== 0) throw new UnbalancedPostingError(`${head.kind} ${head.reference} does not balance: ${total} cents`);
  if (kept.length < 2) throw new UnbalancedPostingError(`${head.kind} ${head.reference} moves no money`);
  for (const line of kept) if (!Number.isSafeInteger(line.amountCents)) throw new RangeError(`${head.kind}: amounts are whole cents`);
  return { ...head, providerIds: head.providerIds ?? [], lines: kept };
}

const debit = (account: AccountRef, amountCents: number): PostingLine => ({ account, amountCents });
const credit = (account: AccountRef, amountCents: number): PostingLine => ({ account, amountCents: 0 - amountCents });

/**
 * A lesson's payment captured: the student paid lesson + booking fee (by card, less any platform
 * credit applied at checkout); the provider kept its processing fee; the platform earns the
 * booking fee and the commission; the instructor is owed the rest.
 */
export function lessonCaptured(event: {
  bookingId: string;
  lessonCents: number;
  bookingFeeCents: number;
  commissionCents: number;
  providerFeeCents: number;
  creditAppliedCents?: number;
  instructorId: string;
  studentId: string;
  providerIds?: string[];
}): Posting {
  const lesson = positive('lessonCents', event.lessonCents);
  const fee = cents('bookingFeeCents', event.bookingFeeCents);
  const commission = cents('commissionCents', event.commissionCents);
  const credits = cents('creditAppliedCents', event.creditAppliedCents ?? 0);
  const providerFee = cents('providerFeeCents', event.providerFeeCents);
  if (commission > lesson) throw new RangeError('commission exceeds the lesson price');
  const card = lesson + fee - credits;
  if (card < 0) throw new RangeError('credit applied exceeds what the student pays');
  if (providerFee > card) throw new RangeError('the provider fee exceeds the card charge');
  return posting(
    { kind: 'lesson_captured', reference: `booking:${event.bookingId}:capture`, description: `Lesson payment captured for booking ${event.bookingId}`, providerIds: event.providerIds },
    [
      debit(pending, card - providerFee),
      debit(platformAccount('provider_fees'), providerFee),
      debit(studentCredit(event.studentId), credits),
      credit(platformAccount('revenue_booking_fee'), fee),
      credit(platformAccount('revenue_commission'), commission),
      credit(instructorPayable(event.instructorId), lesson - commission),
    ],
  );
}

/**
 * A student cancelled 12–24 h before (PRODUCT.md §6): the lesson is charged, the instructor is
 * not paid, and the student receives the lesson price as platform credit.
 */
export function lateCancellationCharged(event: {
  bookingId: string;
  lessonCents: number;
  bookingFeeCents: number;
  providerFeeCents: number;
  creditAppliedCents?: number;
  studentId: string;
  providerIds?: string[];
}): Posting {
  const lesson = positive('lessonCents', event.lessonCents);
  const fee = cents('bookingFeeCents', event.bookingFeeCents);
  const credits = cents('creditAppliedCents', event.creditAppliedCents ?? 0);
  const providerFee = cents('providerFeeCents', event.providerFeeCents);
  const card = lesson + fee - credits;
  if (card < 0) throw new RangeError('credit applied exceeds what the student pays');
  if (providerFee > card) throw new RangeError('the provider fee exceeds the card charge');
  return posting(
    {
      kind: 'late_cancellation_charged',
      reference: `booking:${event.bookingId}:capture`,
      description: `Late cancellation of booking ${event.bookingId} charged; lesson price returned as credit`,
      providerIds: event.providerIds,
    },
    [
      debit(pending, card - providerFee),
      debit(platformAccount('provider_fees'), providerFee),
      debit(studentCredit(event.studentId), credits),
      credit(platformAccount('revenue_booking_fee'), fee),
      credit(studentCredit(event.studentId), lesson),
    ],
  );
}

/** The instructor's share moved from the platform's balance to their connected account (a Connect transfer). */
export function instructorTransferred(event: {
  reference: string;
  instructorId: string;
  amountCents: number;
  balance: 'pending' | 'available';
  providerIds?: string[];
}): Posting {
  const amount = positive('amountCents', event.amountCents);
  return posting(
    { kind: 'instructor_transferred', reference: event.reference, description: `Transfer to instructor ${event.instructorId}`, providerIds: event.providerIds },
    [debit(connectedBalance(event.instructorId), amount), credit(balanceAccount(event.balance), amount)],
  );
}

/**
 * Money given back to the student's card. With `instructorReversedCents`, that much of the
 * instructor's transfer came back from their connected account (`reverse_transfer`) and they
 * are owed that much less; the rest is the platform's refund (its fee and commission, or what
 * it absorbs).
 */
export function refundIssued(event: {
  bookingId: string;
  refundId: string;
  refundCents: number;
  instructorReversedCents: number;
  instructorId: string;
  providerIds?: string[];
}): Posting {
  const refund = positive('refundCents', event.refundCents);
  const reversed = cents('instructorReversedCents', event.instructorReversedCents);
  if (reversed > refund) throw new RangeError('more reversed from the instructor than refunded');
  return posting(
    {
      kind: 'refund_issued',
      reference: `booking:${event.bookingId}:refund:${event.refundId}`,
      description: `Refund ${event.refundId} for booking ${event.bookingId}`,
      providerIds: event.providerIds ?? [event.refundId],
    },
    [
      credit(cash, refund),
      debit(platformAccount('refunds'), refund - reversed),
      debit(instructorPayable(event.instructorId), reversed),
      debit(cash, reversed),
      credit(connectedBalance(event.instructorId), reversed),
    ],
  );
}

/** Platform credit given to a student (a referral reward, goodwill): a promotion cost. */
export function creditGranted(event: { creditId: string; studentId: string; amountCents: number; reason: string }): Posting {
  const amount = positive('amountCents', event.amountCents);
  return posting(
    { kind: 'credit_granted', reference: `credit:${event.creditId}:grant`, description: `Credit granted to ${event.studentId}: ${event.reason}` },
    [debit(platformAccount('promotions_expense'), amount), credit(studentCredit(event.studentId), amount)],
  );
}

/** Credit unused a year after issue (PRODUCT.md §6) is no longer owed. */
export function creditExpired(event: { creditId: string; studentId: string; amountCents: number }): Posting {
  const amount = positive('amountCents', event.amountCents);
  return posting(
    { kind: 'credit_expired', reference: `credit:${event.creditId}:expire`, description: `Credit ${event.creditId} expired unused` },
    [debit(studentCredit(event.studentId), amount), credit(platformAccount('revenue_expired_credit'), amount)],
  );
}

/** An instructor's referral reward (PRODUCT.md §6): owed to them, paid by the next transfer. */
export function instructorRewardEarned(event: { rewardId: string; instructorId: string; amountCents: number; reason: string }): Posting {
  const amount = positive('amountCents', event.amountCents);
  return posting(
    { kind: 'instructor_reward', reference: `reward:${event.rewardId}:earn`, description: `Reward for instructor ${event.instructorId}: ${event.reason}` },
    [debit(platformAccount('promotions_expense'), amount), credit(instructorPayable(event.instructorId), amount)],
  );
}

/** A tip charged after the lesson. It goes 100% to the instructor, so the platform bears the processing fee. */
export function tipCaptured(event: { tipId: string; bookingId: string; amountCents: number; providerFeeCents: number; providerIds?: string[] }): Posting {
  const amount = positive('amountCents', event.amountCents);
  const providerFee = cents('providerFeeCents', event.providerFeeCents);
  if (providerFee > amount) throw new RangeError('the provider fee exceeds the tip');
  return posting(
    { kind: 'tip_captured', reference: `tip:${event.tipId}:capture`, description: `Tip for booking ${event.bookingId}`, providerIds: event.providerIds },
    [debit(pending, amount - providerFee), debit(platformAccount('provider_fees'), providerFee), credit(platformAccount('tips_payable'), amount)],
  );
}

/** The tip moved to the instructor's connected account: no longer held, owed to them until paid out. */
export function tipTransferred(event: { tipId: string; instructorId: string; amountCents: number; balance: 'pending' | 'available'; providerIds?: string[] }): Posting {
  const amount = positive('amountCents', event.amountCents);
  return posting(
    { kind: 'tip_transferred', reference: `tip:${event.tipId}:transfer`, description: `Tip ${event.tipId} transferred to instructor ${event.instructorId}`, providerIds: event.providerIds },
    [
      debit(platformAccount('tips_payable'), amount),
      credit(balanceAccount(event.balance), amount),
      debit(connectedBalance(event.instructorId), amount),
      credit(instructorPayable(event.instructorId), amount),
    ],
  );
}

/** A payout reached the instructor's bank: the money has left the provider and is no longer owed. */
export function payoutPaid(event: { payoutId: string; instructorId: string; amountCents: number }): Posting {
  const amount = positive('amountCents', event.amountCents);
  return posting(
    { kind: 'payout_paid', reference: `payout:${event.payoutId}:paid`, description: `Payout ${event.payoutId} to instructor ${event.instructorId}`, providerIds: [event.payoutId] },
    [debit(instructorPayable(event.instructorId), amount), credit(connectedBalance(event.instructorId), amount)],
  );
}

/** A payout that failed after being recorded paid returns to the connected account (the reversal of payoutPaid). */
export function payoutFailed(event: { payoutId: string; instructorId: string; amountCents: number }): Posting {
  const amount = positive('amountCents', event.amountCents);
  return posting(
    { kind: 'payout_failed', reference: `payout:${event.payoutId}:failed`, description: `Payout ${event.payoutId} failed; funds back in the connected account`, providerIds: [event.payoutId] },
    [debit(connectedBalance(event.instructorId), amount), credit(instructorPayable(event.instructorId), amount)],
  );
}

/** The 2% instant payout fee (fees.policy.ts): taken from the instructor's connected balance to the platform's. */
export function instantPayoutFee(event: { payoutId: string; instructorId: string; feeCents: number; providerIds?: string[] }): Posting {
  const fee = positive('feeCents', event.feeCents);
  return posting(
    { kind: 'instant_payout_fee', reference: `payout:${event.payoutId}:fee`, description: `Instant payout fee for ${event.payoutId}`, providerIds: event.providerIds },
    [
      debit(instructorPayable(event.instructorId), fee),
      credit(platformAccount('revenue_instant_payout_fee'), fee),
      debit(cash, fee),
      credit(connectedBalance(event.instructorId), fee),
    ],
  );
}

/** A provider fee charged on its own (not netted from a charge): e.g. a dispute or payout fee. */
export function providerFee(event: { reference: string; feeCents: number; description: string; providerIds?: string[] }): Posting {
  const fee = positive('feeCents', event.feeCents);
  return posting(
    { kind: 'provider_fee', reference: event.reference, description: event.description, providerIds: event.providerIds },
    [debit(platformAccount('provider_fees'), fee), credit(cash, fee)],
  );
}

/** The provider made pending funds available on the platform's balance. */
export function fundsAvailable(event: { reference: string; amountCents: number; providerIds?: string[] }): Posting {
  const amount = positive('amountCents', event.amountCents);
  return posting(
    { kind: 'funds_available', reference: event.reference, description: 'Pending funds became available', providerIds: event.providerIds },
    [debit(cash, amount), credit(pending, amount)],
  );
}

/** The correction of a recorded posting: the same lines negated, under `<reference>:reversal`. */
export function reversal(original: Pick<Posting, 'reference' | 'lines'>, reason: string): Posting {
  return posting(
    { kind: 'reversal', reference: `${original.reference}:reversal`, description: `Reversal of ${original.reference}: ${reason}` },
    original.lines.map((line) => ({ account: line.account, amountCents: 0 - line.amountCents })),
  );
}
