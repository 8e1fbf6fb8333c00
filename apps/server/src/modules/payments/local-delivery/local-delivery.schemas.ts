import { z } from 'zod';

const EventId = z
  .string()
  .regex(/^evt_[A-Za-z0-9_]+$/, 'must be a Stripe event id (evt_…)')
  .max(255);

export const ResendParamsSchema = z.object({ id: EventId.describe("The local Stripe event's id") });

export const ResendReceiptSchema = z
  .object({
    eventId: z.string(),
    jobId: z.string().describe('The delivery job queued (payments.deliver_local_event)'),
  })
  .meta({ id: 'LocalStripeResend' });

/** At most this many events per question: a dashboard page's worth. */
export const MAX_EVENT_IDS = 100;

export const DeliveriesQuerySchema = z.object({
  eventIds: z
    .string()
    .max(MAX_EVENT_IDS * 256)
    .transform((value) => [...new Set(value.split(',').map((id) => id.trim()).filter((id) => id.length > 0))])
    .pipe(z.array(EventId).max(MAX_EVENT_IDS, `at most ${MAX_EVENT_IDS} event ids`))
    .describe(`Comma-separated event ids (evt_…), at most ${MAX_EVENT_IDS}`),
});

export const DeliverySchema = z
  .object({
    eventId: z.string(),
    eventType: z.string(),
    status: z
      .enum(['pending', 'delivered', 'failing'])
      .describe('pending: queued, not attempted yet; delivered: some attempt got a 2xx; failing: attempted, no 2xx yet (retried with backoff)'),
    attempts: z.number().int().describe('POSTs made so far (retries, test-setting duplicates and resends included)'),
    lastStatus: z.number().int().nullable().describe("The last attempt's HTTP status; null before any attempt or after a connection error"),
    lastError: z.string().nullable().describe("The last attempt's connection error, if it had one"),
    queuedAt: z.string(),
    lastAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable().describe('The first 2xx'),
  })
  .meta({ id: 'LocalStripeDelivery' });

export const DeliveriesSchema = z
  .object({ items: z.array(DeliverySchema).describe('One per requested event the local Stripe has queued; events never queued are absent') })
  .meta({ id: 'LocalStripeDeliveries' });
