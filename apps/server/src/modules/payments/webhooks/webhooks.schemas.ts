import { z } from 'zod';
import { StripeEventShape } from './webhook-event.ts';

export const WebhookReceiptSchema = z
  .object({
    received: z.literal(true),
    eventId: z.string().describe('The event id (evt_…)'),
    duplicate: z.boolean().describe('true when this event was already stored: the delivery changed nothing'),
  })
  .meta({ id: 'WebhookReceipt' });

const { $schema: _dialect, ...eventJsonSchema } = z.toJSONSchema(StripeEventShape, { io: 'input' });

/**
 * Documented as the event's shape, validated as anything: the body reaches the handler as the
 * raw bytes Stripe signed, and is read only once the signature matches (webhook-event.ts).
 */
export const StripeEventBodySchema = z.unknown().meta({
  ...eventJsonSchema,
  description: 'A Stripe event (v1 snapshot JSON) exactly as Stripe sent it; its bytes are verified against Stripe-Signature. Fields beyond these are kept as sent.',
});

export const StripeSignatureHeadersSchema = z.looseObject({
  'stripe-signature': z
    .string()
    .max(4000)
    .optional()
    .describe('t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the endpoint secret>; required (400 without)'),
});
