import Stripe from 'stripe';

/**
 * Verifies a Stripe webhook delivery with the official SDK (`Stripe.webhooks.constructEvent`),
 * on our Clock: the SDK would judge the timestamp by the wall clock, so the time the request
 * arrived is handed to it (`receivedAt`) and a moved development clock stays consistent with
 * the local Stripe, which signs on the same Clock. Translation only: the answer is the parsed
 * JSON or the reason it was refused, in our words.
 */
export const STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300;

export type WebhookRefusal =
  /** No Stripe-Signature header, or an empty one. */
  | 'missing_signature'
  /** A header without `t=` and `v1=`, or no v1 signature matching the body and secret. */
  | 'bad_signature'
  /** Signed more than the tolerance before now (a replay, or a delivery held too long). */
  | 'stale_timestamp'
  /** Correctly signed, but not a JSON webhook event (an empty body, broken JSON, a v2 thin event). */
  | 'malformed_payload';

export type WebhookVerification =
  | { ok: true; payload: unknown }
  | { ok: false; refusal: WebhookRefusal; message: string };

export function verifyStripeWebhook(input: {
  rawBody: Buffer | undefined;
  signatureHeader: string | undefined;
  secret: string;
  nowMs: number;
  toleranceSeconds?: number;
}): WebhookVerification {
  const { rawBody, signatureHeader, secret, nowMs } = input;
  if (!signatureHeader) return { ok: false, refusal: 'missing_signature', message: 'No Stripe-Signature header was sent.' };
  if (!rawBody || rawBody.length === 0) return { ok: false, refusal: 'malformed_payload', message: 'The body is empty.' };
  try {
    const payload: unknown = Stripe.webhooks.constructEvent(
      rawBody,
      signatureHeader,
      secret,
      input.toleranceSeconds ?? STRIPE_WEBHOOK_TOLERANCE_SECONDS,
      undefined,
      nowMs,
    );
    return { ok: true, payload };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      const stale = /tolerance/i.test(error.message);
      return stale
        ? { ok: false, refusal: 'stale_timestamp', message: `The signature's timestamp is more than ${input.toleranceSeconds ?? STRIPE_WEBHOOK_TOLERANCE_SECONDS} s old.` }
        : { ok: false, refusal: 'bad_signature', message: firstLine(error.message) };
    }
    // The signature matched, so the bytes are Stripe's; they are just not a v1 event.
    return { ok: false, refusal: 'malformed_payload', message: `The signed body is not a webhook event: ${firstLine((error as Error).message)}` };
  }
}

const firstLine = (message: string) => message.split('\n')[0]!.trim();
