import Stripe from 'stripe';
import { PaymentError } from './payment-error.ts';
import type {
  AccountCollection,
  AuthorizeInput,
  IdentityState,
  IdentityVerification,
  Payment,
  PaymentEventReader,
  PaymentsPort,
  PaymentState,
  Payout,
  PayoutAccount,
  PayoutBalance,
  PayoutState,
  Refund,
  SavedCard,
  Transfer,
} from './payments.port.ts';

/** How the adapter reaches Stripe: Stripe itself, or the local Stripe through the SDK's own fetch hook. */
export interface StripeConnection {
  secretKey: string;
  publishableKey: string;
  /** The local Stripe's fetch (packages/local-stripe): the SDK sends it the same bytes it would send Stripe. */
  fetch?: typeof fetch;
  /** Per request; the SDK's own retries stay off: a retry is ours to decide, with the same idempotency key. */
  timeoutMs?: number;
}

const CURRENCY = 'usd';
/** The payment's charge with its balance transaction: the provider's fee is read there, not estimated. */
const CHARGE_EXPANSION = ['latest_charge.balance_transaction'];

/**
 * The official SDK on a connection: Stripe itself, or the local Stripe through its fetch hook.
 * The SDK's own retries stay off unless asked: a retry of a money step is ours to decide, with the same key.
 */
export function stripeClient(connection: Pick<StripeConnection, 'secretKey' | 'fetch' | 'timeoutMs'> & { maxNetworkRetries?: number }): Stripe {
  return new Stripe(connection.secretKey, {
    maxNetworkRetries: connection.maxNetworkRetries ?? 0,
    timeout: connection.timeoutMs ?? 20_000,
    telemetry: false,
    ...(connection.fetch ? { httpClient: Stripe.createFetchHttpClient(connection.fetch) } : {}),
  });
}

/**
 * The one payments adapter (ARCHITECTURE "Fakes at the wire"): the official SDK, talking to
 * Stripe or, through `Stripe.createFetchHttpClient(fetch)`, to the local Stripe. It only
 * translates: our inputs to Stripe's parameters, Stripe's objects and errors to ours.
 */
export class StripePayments implements PaymentsPort {
  readonly mode: 'fake' | 'real';
  readonly publishableKey: string;
  private readonly stripe: Stripe;

  constructor(connection: StripeConnection) {
    this.mode = connection.fetch ? 'fake' : 'real';
    this.publishableKey = connection.publishableKey;
    this.stripe = stripeClient(connection);
  }

  async createCustomer(input: { userId: string; email: string; name: string; idempotencyKey: string }): Promise<{ customerId: string }> {
    const customer = await call(() =>
      this.stripe.customers.create({ email: input.email, name: input.name, metadata: { userId: input.userId } }, { idempotencyKey: input.idempotencyKey }),
    );
    return { customerId: customer.id };
  }

  async startCardSetup(input: { customerId: string; idempotencyKey: string }) {
    const setup = await call(() =>
      this.stripe.setupIntents.create({ customer: input.customerId, usage: 'off_session' }, { idempotencyKey: input.idempotencyKey }),
    );
    return { setupIntentId: setup.id, clientSecret: setup.client_secret! };
  }

  async cardSetup(setupIntentId: string) {
    const setup = await call(() => this.stripe.setupIntents.retrieve(setupIntentId));
    const state = SETUP_STATES[setup.status] ?? 'processing';
    return { customerId: idOf(setup.customer), state, paymentMethodId: idOf(setup.payment_method) };
  }

  async listCards(customerId: string): Promise<SavedCard[]> {
    const [customer, methods] = await Promise.all([
      call(() => this.stripe.customers.retrieve(customerId)),
      call(() => this.stripe.paymentMethods.list({ customer: customerId, type: 'card', limit: 100 })),
    ]);
    const defaultId = customer.deleted ? null : idOf(customer.invoice_settings?.default_payment_method ?? null);
    const cards = methods.data
      .filter((method) => method.card)
      .map((method) => ({
        id: method.id,
        brand: method.card!.brand,
        last4: method.card!.last4,
        expMonth: method.card!.exp_month,
        expYear: method.card!.exp_year,
        isDefault: method.id === defaultId,
      }));
    return cards.sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
  }

  async isSavedCard(customerId: string, paymentMethodId: string): Promise<boolean> {
    try {
      const method = await call(() => this.stripe.paymentMethods.retrieve(paymentMethodId));
      return Boolean(method.card) && idOf(method.customer) === customerId;
    } catch (error) {
      if (error instanceof PaymentError && error.kind === 'invalid') return false;
      throw error;
    }
  }

  async setDefaultCard(customerId: string, paymentMethodId: string): Promise<void> {
    await this.ownCard(customerId, paymentMethodId);
    await call(() => this.stripe.customers.update(customerId, { invoice_settings: { default_payment_method: paymentMethodId } }));
  }

  async removeCard(customerId: string, paymentMethodId: string): Promise<void> {
    await this.ownCard(customerId, paymentMethodId);
    await call(() => this.stripe.paymentMethods.detach(paymentMethodId));
  }

  /** A card of another customer is refused as if it did not exist. */
  private async ownCard(customerId: string, paymentMethodId: string): Promise<void> {
    const method = await call(() => this.stripe.paymentMethods.retrieve(paymentMethodId));
    if (idOf(method.customer) !== customerId) throw new PaymentError('invalid', `No such payment method: '${paymentMethodId}'`, { code: 'resource_missing' });
  }

  async authorize(input: AuthorizeInput): Promise<Payment> {
    const params: Stripe.PaymentIntentCreateParams = {
      amount: input.amountCents,
      currency: CURRENCY,
      customer: input.customerId,
      payment_method: input.paymentMethodId,
      capture_method: 'manual',
      confirm: true,
      off_session: input.offSession,
      // No redirect-based methods: otherwise Stripe refuses a confirm without a return_url (its
      // own error's advice); a card's 3-D Secure is still asked, handled by Stripe.js in the browser.
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      transfer_data: { destination: input.destinationAccountId },
      application_fee_amount: input.applicationFeeCents,
      ...(input.description ? { description: input.description } : {}),
      metadata: input.metadata ?? {},
      expand: CHARGE_EXPANSION,
    };
    const intent = await call(() => this.stripe.paymentIntents.create(params, { idempotencyKey: input.idempotencyKey }));
    return paymentOf(intent);
  }

  async payment(paymentId: string): Promise<Payment> {
    return paymentOf(await call(() => this.stripe.paymentIntents.retrieve(paymentId, { expand: CHARGE_EXPANSION })));
  }

  async capture(input: { paymentId: string; amountCents?: number; applicationFeeCents?: number; idempotencyKey: string }): Promise<Payment> {
    const params: Stripe.PaymentIntentCaptureParams = {
      expand: CHARGE_EXPANSION,
      ...(input.amountCents !== undefined ? { amount_to_capture: input.amountCents } : {}),
      ...(input.applicationFeeCents !== undefined ? { application_fee_amount: input.applicationFeeCents } : {}),
    };
    return paymentOf(await call(() => this.stripe.paymentIntents.capture(input.paymentId, params, { idempotencyKey: input.idempotencyKey })));
  }

  async cancelAuthorization(input: { paymentId: string; idempotencyKey: string }): Promise<Payment> {
    const intent = await call(() =>
      this.stripe.paymentIntents.cancel(input.paymentId, { cancellation_reason: 'requested_by_customer', expand: CHARGE_EXPANSION }, { idempotencyKey: input.idempotencyKey }),
    );
    return paymentOf(intent);
  }

  async refund(input: { paymentId: string; amountCents?: number; reverseTransfer: boolean; refundApplicationFee: boolean; reason?: 'requested_by_customer' | 'duplicate' | 'fraudulent'; idempotencyKey: string }): Promise<Refund> {
    const refund = await call(() =>
      this.stripe.refunds.create(
        {
          payment_intent: input.paymentId,
          ...(input.amountCents !== undefined ? { amount: input.amountCents } : {}),
          reverse_transfer: input.reverseTransfer,
          refund_application_fee: input.refundApplicationFee,
          ...(input.reason ? { reason: input.reason } : {}),
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return {
      id: refund.id,
      amountCents: refund.amount,
      state: (refund.status ?? 'pending') as Refund['state'],
      transferReversalId: idOf(refund.transfer_reversal ?? null),
      applicationFeeRefundId: input.refundApplicationFee ? await this.applicationFeeRefundOf(refund) : null,
    };
  }

  /**
   * Stripe's refund does not name the application fee refund it made. Both lists are newest
   * first in the order they were made, so when every refund of the charge gave back a share of
   * the fee (ours always ask for it) the n-th newest refund made the n-th newest fee refund.
   * Otherwise: the one created in the same second, if only one was; null rather than a guess
   * (reconciliation shows it).
   */
  private async applicationFeeRefundOf(refund: Stripe.Refund): Promise<string | null> {
    const chargeId = idOf(refund.charge ?? null);
    if (!chargeId) return null;
    const [charge, refunds] = await Promise.all([
      call(() => this.stripe.charges.retrieve(chargeId, { expand: ['application_fee'] })),
      call(() => this.stripe.refunds.list({ charge: chargeId, limit: 100 })),
    ]);
    const fee = typeof charge.application_fee === 'object' ? charge.application_fee : null;
    const feeRefunds = fee?.refunds.data ?? [];
    const position = refunds.data.findIndex((each) => each.id === refund.id);
    const complete = !refunds.has_more && !(fee?.refunds.has_more ?? false);
    if (complete && position >= 0 && refunds.data.length === feeRefunds.length) return feeRefunds[position]!.id;
    const made = feeRefunds.filter((feeRefund) => feeRefund.created === refund.created);
    return made.length === 1 ? made[0]!.id : null;
  }

  async transfer(input: { destinationAccountId: string; amountCents: number; transferGroup?: string; description?: string; idempotencyKey: string }): Promise<Transfer> {
    const transfer = await call(() =>
      this.stripe.transfers.create(
        {
          amount: input.amountCents,
          currency: CURRENCY,
          destination: input.destinationAccountId,
          ...(input.transferGroup ? { transfer_group: input.transferGroup } : {}),
          ...(input.description ? { description: input.description } : {}),
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return transferOf(transfer);
  }

  async reverseTransfer(input: { transferId: string; amountCents?: number; idempotencyKey: string }): Promise<Transfer> {
    await call(() =>
      this.stripe.transfers.createReversal(input.transferId, input.amountCents !== undefined ? { amount: input.amountCents } : {}, { idempotencyKey: input.idempotencyKey }),
    );
    return transferOf(await call(() => this.stripe.transfers.retrieve(input.transferId)));
  }

  async collectFromAccount(input: { accountId: string; amountCents: number; description: string; idempotencyKey: string }): Promise<AccountCollection> {
    const platformAccountId = await this.platformAccountId();
    const transfer = await call(() =>
      this.stripe.transfers.create(
        { amount: input.amountCents, currency: CURRENCY, destination: platformAccountId, description: input.description },
        { stripeAccount: input.accountId, idempotencyKey: input.idempotencyKey },
      ),
    );
    return { transferId: transfer.id, platformPaymentId: idOf(transfer.destination_payment ?? null), amountCents: transfer.amount };
  }

  /** The platform's own account id (the destination of account debits); it never changes, so it is read once. */
  private platformAccount?: Promise<string>;
  private platformAccountId(): Promise<string> {
    this.platformAccount ??= call(() => this.stripe.accounts.retrieveCurrent()).then((account) => account.id);
    // A failed read is not kept: the next call asks again.
    this.platformAccount.catch(() => (this.platformAccount = undefined));
    return this.platformAccount;
  }

  async createPayoutAccount(input: { userId: string; email: string; idempotencyKey: string }): Promise<{ accountId: string }> {
    const account = await call(() =>
      this.stripe.accounts.create(
        {
          type: 'express',
          country: 'US',
          email: input.email,
          business_type: 'individual',
          capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
          metadata: { userId: input.userId },
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return { accountId: account.id };
  }

  async payoutOnboardingLink(input: { accountId: string; returnUrl: string; refreshUrl: string }): Promise<{ url: string; expiresAtMs: number }> {
    // Account links are single-use and short-lived: each call asks for a fresh one, no idempotency key.
    const link = await call(() =>
      this.stripe.accountLinks.create({ account: input.accountId, type: 'account_onboarding', return_url: input.returnUrl, refresh_url: input.refreshUrl }),
    );
    return { url: link.url, expiresAtMs: link.expires_at * 1000 };
  }

  async payoutAccount(accountId: string): Promise<PayoutAccount> {
    return payoutAccountOf(await call(() => this.stripe.accounts.retrieve(accountId)));
  }

  async payoutBalance(accountId: string): Promise<PayoutBalance> {
    const balance = await call(() => this.stripe.balance.retrieve({}, { stripeAccount: accountId }));
    const usd = (entries: Array<{ amount: number; currency: string }> | undefined) =>
      (entries ?? []).filter((entry) => entry.currency === CURRENCY).reduce((sum, entry) => sum + entry.amount, 0);
    return {
      availableCents: usd(balance.available),
      pendingCents: usd(balance.pending),
      instantAvailableCents: Math.max(0, usd(balance.instant_available)),
    };
  }

  async listPayouts(accountId: string, options: { limit?: number } = {}): Promise<Payout[]> {
    const page = await call(() => this.stripe.payouts.list({ limit: options.limit ?? 20 }, { stripeAccount: accountId }));
    return page.data.map(payoutOf);
  }

  async instantPayout(input: { accountId: string; amountCents: number; metadata?: Record<string, string>; idempotencyKey: string }): Promise<Payout> {
    const payout = await call(() =>
      this.stripe.payouts.create(
        { amount: input.amountCents, currency: CURRENCY, method: 'instant', metadata: input.metadata ?? {} },
        { stripeAccount: input.accountId, idempotencyKey: input.idempotencyKey },
      ),
    );
    return payoutOf(payout);
  }

  async startIdentityVerification(input: { userId: string; returnUrl: string; idempotencyKey: string }): Promise<IdentityVerification & { url: string }> {
    const session = await call(() =>
      this.stripe.identity.verificationSessions.create(
        { type: 'document', client_reference_id: input.userId, metadata: { userId: input.userId }, return_url: input.returnUrl },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    const verification = identityOf(session as unknown as Record<string, unknown>)!;
    if (!verification.url) throw new PaymentError('invalid', `Verification session ${session.id} has no hosted page`, { code: 'no_url' });
    return { ...verification, url: verification.url };
  }

  async identityVerification(sessionId: string): Promise<IdentityVerification> {
    const session = await call(() => this.stripe.identity.verificationSessions.retrieve(sessionId));
    return identityOf(session as unknown as Record<string, unknown>)!;
  }

}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

type SetupState = 'succeeded' | 'requires_action' | 'requires_payment_method' | 'processing' | 'canceled';

/** Stripe's setup states in ours: one not confirmed yet waits for a card like one declined. */
const SETUP_STATES: Record<string, SetupState> = {
  succeeded: 'succeeded',
  requires_action: 'requires_action',
  requires_payment_method: 'requires_payment_method',
  requires_confirmation: 'requires_payment_method',
  processing: 'processing',
  canceled: 'canceled',
};

const STATES: Record<string, PaymentState> = {
  requires_capture: 'authorized',
  requires_action: 'requires_action',
  succeeded: 'captured',
  canceled: 'canceled',
  // Declined (the intent went back to waiting for a card) or never confirmed: nothing is held.
  requires_payment_method: 'failed',
  requires_confirmation: 'failed',
  processing: 'requires_action',
};

function paymentOf(intent: Stripe.PaymentIntent): Payment {
  const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
  const captureBefore = charge?.payment_method_details?.card?.capture_before ?? null;
  // Expanded (CHARGE_EXPANSION) once the charge is captured; an uncaptured charge has none.
  const transaction = charge && typeof charge.balance_transaction === 'object' ? charge.balance_transaction : null;
  // A state Stripe adds later is treated as not settled yet.
  const state = STATES[intent.status] ?? 'requires_action';
  return {
    id: intent.id,
    state,
    amountCents: intent.amount,
    capturableCents: intent.amount_capturable,
    capturedCents: intent.amount_received,
    refundedCents: charge?.amount_refunded ?? 0,
    captureBeforeMs: captureBefore === null ? null : captureBefore * 1000,
    clientSecret: state === 'requires_action' ? intent.client_secret : null,
    nextActionUrl: state === 'requires_action' ? (intent.next_action?.redirect_to_url?.url ?? null) : null,
    transferId: charge ? idOf(charge.transfer ?? null) : null,
    chargeId: charge?.id ?? null,
    providerFeeCents: transaction ? transaction.fee : null,
    applicationFeeId: charge ? idOf(charge.application_fee ?? null) : null,
  };
}

function transferOf(transfer: Stripe.Transfer): Transfer {
  return { id: transfer.id, amountCents: transfer.amount, reversedCents: transfer.amount_reversed, destinationAccountId: idOf(transfer.destination) ?? '' };
}

/**
 * Runs one SDK call and translates its failure (integrations.md §1: card errors are 402 with a
 * decline code; off-session 3-D Secure is `authentication_required`; connection errors, 5xx,
 * 429 and 409 idempotency conflicts may succeed later with the same key).
 */
async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw translate(error);
  }
}

export function translate(error: unknown): PaymentError | unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  const details = { code: error.code, declineCode: error.decline_code, paymentId: error.payment_intent?.id };
  if (error.code === 'authentication_required' || error.decline_code === 'authentication_required') {
    return new PaymentError('authentication_required', error.message, details);
  }
  if (error instanceof Stripe.errors.StripeCardError) return new PaymentError('declined', error.message, details);
  if (error.code === 'charge_expired_for_capture' || (error.code === 'payment_intent_unexpected_state' && error.payment_intent?.cancellation_reason === 'automatic')) {
    return new PaymentError('expired', error.message, details);
  }
  if (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    error.statusCode === 409 ||
    (error.statusCode ?? 0) >= 500
  ) {
    return new PaymentError('unavailable', error.message, details);
  }
  return new PaymentError('invalid', error.message, details);
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

function payoutAccountOf(account: Pick<Stripe.Account, 'id' | 'charges_enabled' | 'payouts_enabled' | 'details_submitted' | 'requirements'>): PayoutAccount {
  const requirements = account.requirements;
  return {
    id: account.id,
    chargesEnabled: account.charges_enabled ?? false,
    payoutsEnabled: account.payouts_enabled ?? false,
    detailsSubmitted: account.details_submitted ?? false,
    currentlyDue: strings(requirements?.currently_due),
    pastDue: strings(requirements?.past_due),
    pendingVerification: strings(requirements?.pending_verification),
    disabledReason: requirements?.disabled_reason ?? null,
  };
}

const PAYOUT_STATES: Record<string, PayoutState> = { pending: 'pending', in_transit: 'in_transit', paid: 'paid', failed: 'failed', canceled: 'canceled' };

function payoutOf(payout: Pick<Stripe.Payout, 'id' | 'amount' | 'method' | 'status' | 'arrival_date' | 'created' | 'failure_code' | 'metadata'>): Payout {
  return {
    id: payout.id,
    amountCents: payout.amount,
    method: payout.method === 'instant' ? 'instant' : 'standard',
    // A state Stripe adds later is shown as still on its way.
    state: PAYOUT_STATES[payout.status] ?? 'pending',
    arrivalMs: payout.arrival_date * 1000,
    createdMs: payout.created * 1000,
    failureCode: payout.failure_code ?? null,
    metadata: (payout.metadata ?? {}) as Record<string, string>,
  };
}

const IDENTITY_STATES: Record<string, IdentityState> = { requires_input: 'requires_input', processing: 'processing', verified: 'verified', canceled: 'canceled' };

function identityOf(session: Record<string, unknown>): IdentityVerification | null {
  if (typeof session.id !== 'string' || !session.id.startsWith('vs_')) return null;
  const lastError = session.last_error as { code?: unknown } | null | undefined;
  const metadata = (session.metadata ?? {}) as Record<string, unknown>;
  const userId = typeof session.client_reference_id === 'string' ? session.client_reference_id : typeof metadata.userId === 'string' ? metadata.userId : null;
  return {
    id: session.id,
    state: IDENTITY_STATES[String(session.status)] ?? 'processing',
    lastErrorCode: typeof lastError?.code === 'string' ? lastError.code : null,
    url: typeof session.url === 'string' ? session.url : null,
    userId,
  };
}

/**
 * Stripe's event snapshots (the resource as JSON) in our words, for webhook handlers, which may
 * not call Stripe from inside their transaction. The same translations the adapter uses.
 */
export const stripeEventReader: PaymentEventReader = {
  payoutAccount(object) {
    if (object.object !== 'account' || typeof object.id !== 'string') return null;
    return payoutAccountOf(object as unknown as Stripe.Account);
  },
  payout(object) {
    if (object.object !== 'payout' || typeof object.id !== 'string' || typeof object.amount !== 'number') return null;
    return payoutOf(object as unknown as Stripe.Payout);
  },
  identityVerification(object) {
    if (object.object !== 'identity.verification_session') return null;
    return identityOf(object);
  },
  payment(object) {
    if (object.object !== 'payment_intent' || typeof object.id !== 'string' || typeof object.amount !== 'number') return null;
    const metadata = (object.metadata ?? {}) as Record<string, unknown>;
    return {
      payment: paymentOf(object as unknown as Stripe.PaymentIntent),
      metadata: Object.fromEntries(Object.entries(metadata).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
    };
  },
};
