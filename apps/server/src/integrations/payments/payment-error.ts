/**
 * A payment provider's failure, in our words, so services decide without knowing Stripe:
 * - `declined`: the card was refused (`code`: the provider's decline code, e.g. insufficient_funds);
 * - `authentication_required`: the bank wants 3-D Secure, which needs the customer present;
 * - `expired`: the authorization lapsed before capture;
 * - `unavailable`: the provider could not be reached or failed; retry later with the same key;
 * - `invalid`: a request the provider refuses as wrong (a state that does not allow it, an
 *   unknown id, a key reused with other parameters): a bug or a race, not worth retrying.
 */
export type PaymentFailureKind = 'declined' | 'authentication_required' | 'expired' | 'unavailable' | 'invalid';

export class PaymentError extends Error {
  override readonly name = 'PaymentError';

  constructor(
    readonly kind: PaymentFailureKind,
    message: string,
    readonly details: {
      /** The provider's code (`card_declined`, `payment_intent_unexpected_state`, …). */
      code?: string | undefined;
      /** For declines: why (`insufficient_funds`, `generic_decline`, …). */
      declineCode?: string | undefined;
      /** The payment the failure is about, when the provider names one (a declined authorization's `pi_…`). */
      paymentId?: string | undefined;
    } = {},
  ) {
    super(message);
  }

  /** Whether the same call (same idempotency key) may succeed later. */
  get retryable(): boolean {
    return this.kind === 'unavailable';
  }
}
