import type { PaymentsPort, Payout } from '../../integrations/payments/payments.port.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { requireOwner } from '../discovery/discovery-access.ts';
import { INSTANT_PAYOUT_FEE_BPS, instantPayoutSplit } from '../payments/fees.policy.ts';
import { payoutStatus, requirementSentences, type PayoutStatus } from './payout-status.policy.ts';
import type { PayoutAccountRow, PayoutsRepository } from './payouts.repository.ts';
import { applyAccountState } from './payouts.webhooks.ts';
import { providerCall, providerSecond } from '../payments/provider-call.ts';
import type { InstantPayoutRequestsRepository } from './instant-payout-requests.repository.ts';
import { PAYOUT_LOOKUP_LIMIT, payoutMetadata, type InstantPayoutSteps } from './instant-payout-steps.ts';

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
    private readonly deps: {
      db: Db;
      payments: PaymentsPort;
      clock: Clock;
      ids: IdGenerator;
      repository: PayoutsRepository;
      requests: InstantPayoutRequestsRepository;
      steps: InstantPayoutSteps;
      webAppUrl: string;
    },
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
   * Two provider calls, the payout first, under the instructor's lock (one instant payout of
   * theirs at a time, see INSTANT_PAYOUT_LOCK). The request is written to
   * instant_payout_requests before the payout call and moved on after each step, so one a crash
   * interrupted is completed by the sweep (payouts.complete_instant_fees) within 15 minutes, or
   * earlier by the instructor's next instant payout request, which completes their unfinished
   * ones before it reads the balance. A retry with the same Idempotency-Key is answered with the
   * first payout; the fee step's key and ledger reference are named after the payout
   * (`payout:{id}:fee`): the fee is collected once and posted once, whatever is retried.
   */
  async instantPayout(principal: Principal | null, input: { amountCents: number; idempotencyKey?: string | undefined }): Promise<PayoutView> {
    const userId = requireOwner(principal, 'payouts:manage_own');
    const account = await this.deps.repository.findByUser(this.deps.db, userId);
    if (!account || payoutStatus(account) !== 'enabled') {
      throw new DomainError('conflict', 'Finish setting up payouts before asking for one.', { payoutStatus: payoutStatus(account ?? null) });
    }
    const { accountId } = account;
    return this.deps.steps.exclusively(userId, async () => {
      // Fees of interrupted requests leave the balance before it is read for this one.
      await this.deps.steps.completeUnfinished(userId);
      const idempotencyKey = `user:${userId}:instant-payout:${input.idempotencyKey ?? this.deps.ids()}`;
      const earlier = input.idempotencyKey ? await this.deps.requests.findByIdempotencyKey(this.deps.db, idempotencyKey) : undefined;
      if (earlier && earlier.requestedCents !== input.amountCents) {
        throw new DomainError('unprocessable', 'This Idempotency-Key was first sent with another amount.', {
          errors: [{ field: 'body.amountCents', reason: `must be ${earlier.requestedCents}, the amount first sent with this Idempotency-Key` }],
        });
      }
      // A retry of a payout that was made (the balance it emptied no longer covers it): answered with that payout.
      if (earlier?.payoutId) return payoutView(await this.madePayout(accountId, earlier.payoutId));
      const balance = await providerCall(() => this.deps.payments.payoutBalance(accountId));
      if (input.amountCents > balance.instantAvailableCents) {
        throw new DomainError('unprocessable', `You can pay out at most ${dollars(balance.instantAvailableCents)} instantly right now.`, {
          errors: [{ field: 'body.amountCents', reason: `must be at most ${balance.instantAvailableCents}, the balance available for instant payout` }],
          instantAvailableCents: balance.instantAvailableCents,
        });
      }
      const split = instantPayoutSplit(input.amountCents);
      if (split.arrivesCents < 1) throw new DomainError('unprocessable', 'This amount is too small to pay out.', { errors: [{ field: 'body.amountCents', reason: 'leaves nothing to pay out after the fee' }] });
      // A retry of a request never made (or refused) makes it with its first key and metadata.
      const request =
        earlier ??
        (await this.deps.requests.insertStarted(this.deps.db, {
          id: this.deps.ids(),
          userId,
          accountId,
          idempotencyKey,
          requestKey: input.idempotencyKey ?? null,
          requestedCents: split.payoutCents,
          feeCents: split.feeCents,
          createdAt: this.deps.clock.now(),
        }));
      let payout: Payout;
      try {
        payout = await providerCall(() =>
          this.deps.payments.instantPayout({ accountId, amountCents: split.arrivesCents, metadata: payoutMetadata(request), idempotencyKey: request.idempotencyKey }),
        );
      } catch (error) {
        // Refused: no payout, no fee. An outage leaves the request `started`: whether it was made is found out later.
        if (error instanceof DomainError && error.code === 'unprocessable') await this.deps.requests.markRefused(this.deps.db, request.id, this.deps.clock.now());
        throw error;
      }
      await this.deps.requests.markPaidOut(this.deps.db, request.id, payout.id, this.deps.clock.now());
      await this.deps.steps.collectFee({ ...request, payoutId: payout.id });
      return payoutView(payout);
    });
  }

  /** A payout made earlier for a request, as the provider has it now. */
  private async madePayout(accountId: string, payoutId: string): Promise<Payout> {
    const recent = await providerCall(() => this.deps.payments.listPayouts(accountId, { limit: PAYOUT_LOOKUP_LIMIT }));
    const payout = recent.find((candidate) => candidate.id === payoutId);
    if (!payout) throw new DomainError('conflict', `This Idempotency-Key was used for payout ${payoutId}, which is no longer among your recent payouts.`, { payoutId });
    return payout;
  }

  /** The account as the provider has it now, written unless an event already brought a newer state. */
  private async refresh(row: PayoutAccountRow): Promise<PayoutAccountRow> {
    const readAt = providerSecond(this.deps.clock.now());
    const account = await providerCall(() => this.deps.payments.payoutAccount(row.accountId));
    await this.deps.db.transaction().execute((trx) => applyAccountState(trx, this.deps.repository, account, readAt, this.deps.clock.now()));
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
