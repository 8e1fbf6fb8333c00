/**
 * Payments in the marketplace's words (PRODUCT.md §6, ARCHITECTURE "Ports and adapters"): saved
 * cards, authorizations held for a lesson and captured after it, refunds, transfers to
 * instructors, their payout accounts and identity checks. One adapter implements it on the
 * official Stripe SDK (stripe-payments.adapter.ts); in development and tests that same adapter
 * talks to the local Stripe. Modules depend on this file only.
 *
 * Every call that moves money or creates something takes an `idempotencyKey` named after the
 * step (`booking:{id}:authorize:1`): a retry after a crash or a timeout is answered with the
 * first result and never charges twice. Failures are PaymentError (payment-error.ts).
 */
export interface SavedCard {
  /** The provider's payment method id (`pm_…`). */
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
}

export interface CardSetup {
  setupIntentId: string;
  /** Given to the browser, which confirms the setup with the publishable key (Stripe.js or the local card form). */
  clientSecret: string;
}

/** Where an authorization stands, in our words (the adapter translates the provider's states). */
export type PaymentState = 'authorized' | 'requires_action' | 'captured' | 'canceled' | 'failed';

export interface Payment {
  /** The provider's payment id (`pi_…`). */
  id: string;
  state: PaymentState;
  amountCents: number;
  /** What can still be captured (authorized, not captured, not released). */
  capturableCents: number;
  capturedCents: number;
  refundedCents: number;
  /** When the authorization lapses unless captured (epoch ms), when the provider says. */
  captureBeforeMs: number | null;
  /** For `requires_action`: what the browser needs to finish 3-D Secure. */
  clientSecret: string | null;
  /**
   * For `requires_action`: the bank's page the browser is sent to when the provider names one
   * (Stripe's `next_action.redirect_to_url.url`); null when the provider's browser library
   * handles the challenge itself from the client secret (Stripe's `use_stripe_sdk`).
   */
  nextActionUrl: string | null;
  /** The transfer to the instructor made at capture (destination charges), once captured. */
  transferId: string | null;
  /**
   * What the provider reports for the captured charge, for the ledger and its reconciliation
   * (which matches the provider's balance transactions by these ids): the charge (`ch_…`), the
   * provider's own processing fee on it (from its balance transaction; null until captured),
   * and the application fee (`fee_…`) the platform took back from the destination's transfer.
   */
  chargeId: string | null;
  providerFeeCents: number | null;
  applicationFeeId: string | null;
}

export interface AuthorizeInput {
  customerId: string;
  paymentMethodId: string;
  amountCents: number;
  /** The instructor's payout account: the charge is a destination charge to it. */
  destinationAccountId: string;
  /** What the platform keeps (booking fee + commission); the rest is transferred at capture. */
  applicationFeeCents: number;
  /**
   * Off session (a sweep at T-24 h, the student away): 3-D Secure cannot be asked, it fails as
   * `authentication_required`. On session (the student booking now): a card that needs it
   * answers `requires_action` with what the browser needs (clientSecret, nextActionUrl).
   */
  offSession: boolean;
  description?: string;
  metadata?: Record<string, string>;
  idempotencyKey: string;
}

export interface RefundInput {
  paymentId: string;
  /** Omitted: everything captured and not yet refunded. */
  amountCents?: number;
  /** Take back the instructor's share proportionally (the transfer is reversed) and the platform's fee. */
  reverseTransfer: boolean;
  refundApplicationFee: boolean;
  reason?: 'requested_by_customer' | 'duplicate' | 'fraudulent';
  idempotencyKey: string;
}

export interface Refund {
  id: string;
  amountCents: number;
  state: 'pending' | 'succeeded' | 'failed' | 'canceled' | 'requires_action';
  /**
   * What the refund took back with it, each its own balance transaction at the provider, for
   * reconciliation: the reversal of the destination transfer (`trr_…`, with `reverseTransfer`)
   * and the application fee refunded (`fr_…`, with `refundApplicationFee`); null when none.
   */
  transferReversalId: string | null;
  applicationFeeRefundId: string | null;
}

export interface Transfer {
  id: string;
  amountCents: number;
  reversedCents: number;
  destinationAccountId: string;
}

/** Money taken from a payout account to the platform (collectFromAccount). */
export interface AccountCollection {
  /** The transfer on the instructor's account (`tr_…`). */
  transferId: string;
  /** What the platform's balance received (`py_…`), the id its balance transaction names, for reconciliation. */
  platformPaymentId: string | null;
  amountCents: number;
}

/** An instructor's payout account (Stripe Connect Express), as its owner and our checklist need it. */
export interface PayoutAccount {
  /** acct_… */
  id: string;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  /** The provider's requirement names (`individual.dob.day`, `external_account`…) still to give now. */
  currentlyDue: string[];
  /** Requirements whose deadline passed: the account is restricted until they are given. */
  pastDue: string[];
  /** Given, and being checked by the provider. */
  pendingVerification: string[];
  /** Why charges or payouts are off (`requirements.past_due`, `rejected.fraud`, …), or null. */
  disabledReason: string | null;
}

export interface PayoutBalance {
  /** Can be paid out now. */
  availableCents: number;
  /** On its way into the balance (card funds not yet available). */
  pendingCents: number;
  /** Can be paid out instantly now (0 when the bank takes no instant payouts). */
  instantAvailableCents: number;
}

export type PayoutMethod = 'standard' | 'instant';
export type PayoutState = 'pending' | 'in_transit' | 'paid' | 'failed' | 'canceled';

/** Money leaving an instructor's payout account for their bank. */
export interface Payout {
  /** po_… */
  id: string;
  amountCents: number;
  method: PayoutMethod;
  state: PayoutState;
  /** When it is expected in the bank (epoch ms). */
  arrivalMs: number;
  createdMs: number;
  /** Why the bank refused it (`account_closed`…), for failed payouts. */
  failureCode: string | null;
  metadata: Record<string, string>;
}

/** Where an identity check stands, in our words. */
export type IdentityState = 'requires_input' | 'processing' | 'verified' | 'canceled';

export interface IdentityVerification {
  /** vs_… */
  id: string;
  state: IdentityState;
  /** Why the last attempt failed (`document_expired`, `selfie_face_mismatch`…), or null. */
  lastErrorCode: string | null;
  /** The hosted page where the person verifies (only while input is needed). */
  url: string | null;
  /** Whose check it is (our user id, given when it was started). */
  userId: string | null;
}

/**
 * The provider's event objects in our words, for webhook handlers: they run inside a database
 * transaction, where calling the provider is not allowed, so they read the snapshot the event
 * carries. Null when the object is not of the kind asked for.
 */
export interface PaymentEventReader {
  payoutAccount(object: Record<string, unknown>): PayoutAccount | null;
  payout(object: Record<string, unknown>): Payout | null;
  identityVerification(object: Record<string, unknown>): IdentityVerification | null;
  /** A payment (`payment_intent.*` events) and the metadata it was made with (`bookingId`…). */
  payment(object: Record<string, unknown>): { payment: Payment; metadata: Record<string, string> } | null;
}

export interface PaymentsPort {
  /** `fake`: the local Stripe; `real`: Stripe itself. */
  readonly mode: 'fake' | 'real';
  /** For the browser's card form. */
  readonly publishableKey: string;

  /** Creates the provider's customer for one of our users (idempotent by key). */
  createCustomer(input: { userId: string; email: string; name: string; idempotencyKey: string }): Promise<{ customerId: string }>;
  /** Starts saving a card for later, off-session payments. */
  startCardSetup(input: { customerId: string; idempotencyKey: string }): Promise<CardSetup>;
  /** The state of a card setup: `succeeded` once the browser confirmed it (with its card), else still waiting or failed. */
  cardSetup(setupIntentId: string): Promise<{ customerId: string | null; state: 'succeeded' | 'requires_action' | 'requires_payment_method' | 'processing' | 'canceled'; paymentMethodId: string | null }>;
  /** The customer's saved cards, the default first. */
  listCards(customerId: string): Promise<SavedCard[]>;
  /** Whether `paymentMethodId` is a card saved to this customer now (one provider call, where listing takes two). */
  isSavedCard(customerId: string, paymentMethodId: string): Promise<boolean>;
  setDefaultCard(customerId: string, paymentMethodId: string): Promise<void>;
  /** Forgets a card; refuses (PaymentError `invalid`) a card that is not this customer's. */
  removeCard(customerId: string, paymentMethodId: string): Promise<void>;

  /** Holds the amount on the card (manual capture, destination charge). */
  authorize(input: AuthorizeInput): Promise<Payment>;
  payment(paymentId: string): Promise<Payment>;
  /** Captures all or part of an authorization (once); never more than authorized. The rest is released. */
  capture(input: { paymentId: string; amountCents?: number; applicationFeeCents?: number; idempotencyKey: string }): Promise<Payment>;
  /** Releases an authorization that will not be captured. */
  cancelAuthorization(input: { paymentId: string; idempotencyKey: string }): Promise<Payment>;
  refund(input: RefundInput): Promise<Refund>;

  /** Moves platform money to an instructor (tips, adjustments). */
  transfer(input: { destinationAccountId: string; amountCents: number; transferGroup?: string; description?: string; idempotencyKey: string }): Promise<Transfer>;
  /** Takes back all or part of a transfer. */
  reverseTransfer(input: { transferId: string; amountCents?: number; idempotencyKey: string }): Promise<Transfer>;

  /**
   * Takes money from an instructor's payout account to the platform (Stripe: an account debit,
   * a transfer made on the connected account to the platform's account), out of its available
   * balance — the instant payout fee. Refused (PaymentError `invalid`, code
   * `balance_insufficient`) above what is available.
   */
  collectFromAccount(input: { accountId: string; amountCents: number; description: string; idempotencyKey: string }): Promise<AccountCollection>;

  /** Creates an instructor's payout account (Express, US, individual), idempotent by key. */
  createPayoutAccount(input: { userId: string; email: string; idempotencyKey: string }): Promise<{ accountId: string }>;
  /** A one-time link to the provider's hosted onboarding (or update) for the account; it expires within minutes. */
  payoutOnboardingLink(input: { accountId: string; returnUrl: string; refreshUrl: string }): Promise<{ url: string; expiresAtMs: number }>;
  /** The account as the provider has it now (what `account.updated` would say). */
  payoutAccount(accountId: string): Promise<PayoutAccount>;
  payoutBalance(accountId: string): Promise<PayoutBalance>;
  /** The account's payouts, newest first. */
  listPayouts(accountId: string, options?: { limit?: number }): Promise<Payout[]>;
  /** Sends `amountCents` of the account's available balance to its bank now (instant payout). */
  instantPayout(input: { accountId: string; amountCents: number; metadata?: Record<string, string>; idempotencyKey: string }): Promise<Payout>;

  /** Starts a document + selfie identity check for one of our users; the person completes it on the provider's hosted page. */
  startIdentityVerification(input: { userId: string; returnUrl: string; idempotencyKey: string }): Promise<IdentityVerification & { url: string }>;
  identityVerification(sessionId: string): Promise<IdentityVerification>;
}
