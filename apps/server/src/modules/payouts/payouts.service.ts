import type { PaymentsPort, Payout } from '../../integrations/payments/payments.port.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { requireOwner } from '../discovery/discovery-access.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import { instantPayoutFee } from '../ledger/postings.policy.ts';
import { INSTANT_PAYOUT_FEE_BPS, instantPayoutSplit } from '../payments/fees.policy.ts';
import { payoutStatus, requirementSentences, type PayoutStatus } from './payout-status.policy.ts';
import type { PayoutAccountRow, PayoutsRepository } from './payouts.repository.ts';
import { providerCall, providerSecond } from '../payments/provider-call.ts';

export interface PayoutView {
  id: string;
  /** What goes to the bank. */
  amountCents: number;
  method: 'standard' | 'instant';
  status: Payout['state'];
  /** When it is expected in the bank (ISO-8601). */
  arrivalDate: string;
  /** The platform's instant payout fee taken from the amount asked for (0 for standard payouts). */
  feeCents: number;
}

export interface PayoutsOverview {
  status: PayoutStatus;
  requirements: string[];
  balance: { availableCents: number; pendingCents: number; instantAvailableCents: number };
  payouts: PayoutView[];
  instantFeeBasisPoints: number;
}

/** Where onboarding sends the instructor back to in the web app. */
export type OnboardingReturn = 'return' | 'refresh';

const HISTORY_LIMIT = 20;

/**
 * Instructors' payouts (issue 10 item 2, PRODUCT.md §6): the payout account at the provider
 * (Stripe Connect Express) created once and onboarded on the provider's hosted pages, its status
 * kept from `account.updated` (payouts.webhooks.ts) and re-read on return from onboarding,
 * balances and history read from the provider, and instant payouts for the 2% fee.
 */
export class PayoutsService {
  constructor(
    private readonly deps: { db: Db; payments: PaymentsPort; clock: Clock; ids: IdGenerator; repository: PayoutsRepository; ledger: LedgerService; webAppUrl: string },
  ) {}

  /** A fresh link to the provider's hosted onboarding; the account is created on the first call. */
  async startOnboarding(principal: Principal | null): Promise<{ url: string }> {
    const userId = requireOwner(principal, 'payouts:manage_own');
    const accountId = await this.accountFor(userId);
    const back = (kind: OnboardingReturn) => `${this.deps.webAppUrl}/instructor/payouts?onboarding=${kind}`;
    const link = await providerCall(() => this.deps.payments.payoutOnboardingLink({ accountId, returnUrl: back('return'), refreshUrl: back('refresh') }));
    return { url: link.url };
  }

  /**
   * The Payouts page. With `refresh` (coming back from onboarding) the account is re-read from
   * the provider first, so the status is right even when the webhook is late.
   */
  async overview(principal: Principal | null, options: { refresh?: boolean } = {}): Promise<PayoutsOverview> {
    const userId = requireOwner(principal, 'payouts:read_own');
    let row = await this.deps.repository.findByUser(this.deps.db, userId);
    if (row && options.refresh) row = await this.refresh(row);
    const empty = { status: payoutStatus(null), requirements: [], balance: { availableCents: 0, pendingCents: 0, instantAvailableCents: 0 }, payouts: [], instantFeeBasisPoints: INSTANT_PAYOUT_FEE_BPS };
    if (!row) return empty;
    const [balance, payouts] = await Promise.all([
      providerCall(() => this.deps.payments.payoutBalance(row.accountId)),
      providerCall(() => this.deps.payments.listPayouts(row.accountId, { limit: HISTORY_LIMIT })),
    ]);
    return { ...empty, status: payoutStatus(row), requirements: requirementSentences(row), balance, payouts: payouts.map(payoutView) };
  }

  /**
   * Pays `amountCents` of the instant-available balance out now (PRODUCT.md §6, "instant payout
   * on request for a 2% fee"): the fee is taken from the amount asked for, so the account's
   * balance falls by exactly `amountCents` — `amountCents − fee` goes to the bank and the fee is
   * collected from the account to the platform (an account debit) and posted to the books.
   *
   * Two provider calls, the payout first: it carries the fee and the client's key in its
   * metadata, so a retry with the same Idempotency-Key after a crash between them finds the
   * payout (replayed by its key, or looked up when the balance it emptied no longer covers the
   * amount) and completes the fee step, whose own key is named after the payout
   * (`payout:{id}:fee`): the fee is collected once and posted once, whatever is retried. Without
   * a key, the next instant payout request completes it (collectOutstandingFees).
   */
  async instantPayout(principal: Principal | null, input: { amountCents: number; idempotencyKey?: string | undefined }): Promise<PayoutView> {
    const userId = requireOwner(principal, 'payouts:manage_own');
    const row = await this.deps.repository.findByUser(this.deps.db, userId);
    if (!row || payoutStatus(row) !== 'enabled') {
      throw new DomainError('conflict', 'Finish setting up payouts before asking for one.', { payoutStatus: payoutStatus(row ?? null) });
    }
    await this.collectOutstandingFees(userId, row.accountId);
    const balance = await providerCall(() => this.deps.payments.payoutBalance(row.accountId));
    if (input.amountCents > balance.instantAvailableCents) {
      // A retry of a payout that went through finds less money now: it is answered with that payout, its fee step completed.
      const earlier = input.idempotencyKey ? await this.payoutOfRequest(row.accountId, input.idempotencyKey) : undefined;
      if (earlier) return payoutView(await this.collectFee(userId, row.accountId, earlier));
      throw new DomainError('unprocessable', `You can pay out at most ${dollars(balance.instantAvailableCents)} instantly right now.`, {
        errors: [{ field: 'body.amountCents', reason: `must be at most ${balance.instantAvailableCents}, the balance available for instant payout` }],
        instantAvailableCents: balance.instantAvailableCents,
      });
    }
    const split = instantPayoutSplit(input.amountCents);
    if (split.arrivesCents < 1) throw new DomainError('unprocessable', 'This amount is too small to pay out.', { errors: [{ field: 'body.amountCents', reason: 'leaves nothing to pay out after the fee' }] });
    const idempotencyKey = `user:${userId}:instant-payout:${input.idempotencyKey ?? this.deps.ids()}`;
    const payout = await providerCall(() =>
      this.deps.payments.instantPayout({
        accountId: row.accountId,
        amountCents: split.arrivesCents,
        metadata: { userId, requestedCents: String(split.payoutCents), feeCents: String(split.feeCents), ...(input.idempotencyKey ? { requestKey: input.idempotencyKey } : {}) },
        idempotencyKey,
      }),
    );
    return payoutView(await this.collectFee(userId, row.accountId, payout));
  }

  /**
   * Fee steps a crash interrupted in an earlier request that no retry came to finish (a client
   * that sent no Idempotency-Key cannot retry): the instructor's recent instant payouts whose
   * fee is not in the books are completed before the balance is read for a new one. One that
   * cannot be collected now (the balance spent meanwhile) is left for the next request rather
   * than blocking this one.
   */
  private async collectOutstandingFees(userId: string, accountId: string): Promise<void> {
    const recent = await providerCall(() => this.deps.payments.listPayouts(accountId, { limit: HISTORY_LIMIT }));
    for (const payout of recent) {
      // A payout that never reached the bank owes no fee that was not already taken.
      if (feeOf(payout) === 0 || payout.metadata.userId !== userId || payout.state === 'failed' || payout.state === 'canceled') continue;
      if (await this.deps.ledger.isRecorded(this.deps.db, `payout:${payout.id}:fee`)) continue;
      try {
        await this.collectFee(userId, accountId, payout);
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'unprocessable')) throw error;
      }
    }
  }

  /**
   * The instant payout's fee step: the fee its metadata names is moved from the instructor's
   * account to the platform, and postings.instantPayoutFee records it (the instructor owed that
   * much less, the platform's revenue) in one database transaction. Both are keyed by the payout,
   * so running it again collects and posts nothing more.
   */
  private async collectFee(userId: string, accountId: string, payout: Payout): Promise<Payout> {
    const feeCents = feeOf(payout);
    if (feeCents === 0) return payout;
    const step = `payout:${payout.id}:fee`;
    const collection = await providerCall(() =>
      this.deps.payments.collectFromAccount({ accountId, amountCents: feeCents, description: `Instant payout fee for ${payout.id}`, idempotencyKey: step }),
    );
    const providerIds = [collection.transferId, ...(collection.platformPaymentId ? [collection.platformPaymentId] : [])];
    await this.deps.db.transaction().execute((trx) => this.deps.ledger.post(trx, instantPayoutFee({ payoutId: payout.id, instructorId: userId, feeCents, providerIds })));
    return payout;
  }

  /** The recent payout made for the client's idempotency key, if any (its key is in the payout's metadata). */
  private async payoutOfRequest(accountId: string, requestKey: string): Promise<Payout | undefined> {
    const recent = await providerCall(() => this.deps.payments.listPayouts(accountId, { limit: HISTORY_LIMIT }));
    return recent.find((payout) => payout.metadata.requestKey === requestKey);
  }

  /** The account as the provider has it now, written unless an event already brought a newer state. */
  private async refresh(row: PayoutAccountRow): Promise<PayoutAccountRow> {
    const readAt = providerSecond(this.deps.clock.now());
    const account = await providerCall(() => this.deps.payments.payoutAccount(row.accountId));
    await this.deps.repository.applyState(this.deps.db, account, readAt, this.deps.clock.now());
    return (await this.deps.repository.findByUser(this.deps.db, row.userId))!;
  }

  /**
   * The user's payout account, created once: the idempotency key is the user's, so two first
   * clicks at once create one account at the provider and one row here.
   */
  private async accountFor(userId: string): Promise<string> {
    const existing = await this.deps.repository.findByUser(this.deps.db, userId);
    if (existing) return existing.accountId;
    const user = await this.deps.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow();
    const { accountId } = await providerCall(() => this.deps.payments.createPayoutAccount({ userId, email: user.email, idempotencyKey: `user:${userId}:payout-account` }));
    await this.deps.repository.insertAccount(this.deps.db, { userId, accountId, now: this.deps.clock.now() });
    return (await this.deps.repository.findByUser(this.deps.db, userId))!.accountId;
  }
}

/** The platform's fee an instant payout carries in its metadata (0 for standard payouts, or none). */
function feeOf(payout: Payout): number {
  const fee = Number(payout.metadata.feeCents ?? 0);
  return payout.method === 'instant' && Number.isSafeInteger(fee) && fee > 0 ? fee : 0;
}

function payoutView(payout: Payout): PayoutView {
  return {
    id: payout.id,
    amountCents: payout.amountCents,
    method: payout.method,
    status: payout.state,
    arrivalDate: new Date(payout.arrivalMs).toISOString(),
    feeCents: feeOf(payout),
  };
}

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;
