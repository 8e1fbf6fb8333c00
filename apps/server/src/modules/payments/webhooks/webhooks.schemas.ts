import { z } from 'zod';

export const WebhookReceiptSchema = z
  .object({
    received: z.literal(true),
    eventId: z.string().describe('The event id (evt_…)'),
    duplicate: z.boolean().describe('true when this event was already stored: the delivery changed nothing'),
  })
  .meta({ id: 'WebhookReceipt' });

/** Documented only: the body is read as raw bytes (the signature covers them exactly), never parsed before verification. */
export const StripeEventBodySchema = z
  .unknown()
  .describe('The Stripe event (v1 snapshot JSON) exactly as Stripe sent it; its bytes are verified against Stripe-Signature');

export const StripeSignatureHeadersSchema = z.looseObject({
  'stripe-signature': z
    .string()
    .max(4000)
    .optional()
    .describe('t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the endpoint secret>; required (400 without)'),
});
