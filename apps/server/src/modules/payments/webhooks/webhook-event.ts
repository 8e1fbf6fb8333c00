import { z } from 'zod';
import type { FieldError } from '../../../platform/errors.ts';
import { findUnstorableInput } from '../../../platform/http/storable-input.ts';

/**
 * A Stripe event as our handlers see it (v1 "snapshot" events, integrations.md §1.4): the
 * resource as it was when the event happened, and when that was. Stripe delivers out of order
 * and more than once, so a handler compares `created` (or the object's own state) with what it
 * has and never moves a state backwards.
 */
export interface WebhookEvent {
  /** evt_… */
  id: string;
  /** `account.updated`, `payment_intent.succeeded`… */
  type: string;
  /** The connected account (acct_…) of a Connect event, null for the platform's own. */
  account: string | null;
  /** When Stripe created the event (whole seconds). */
  created: Date;
  livemode: boolean;
  /** `data.object`: the full resource at the time of the event. */
  object: Record<string, unknown>;
  /** `data.previous_attributes` of `*.updated` events: the changed fields' former values. */
  previousAttributes: Record<string, unknown> | null;
}

const EVENT_ID = /^evt_[A-Za-z0-9_]+$/;

/** The fields we rely on; everything else Stripe sends is kept in the stored payload untouched. */
export const StripeEventShape = z.object({
  id: z.string().max(255).regex(EVENT_ID, 'must be a Stripe event id (evt_…)'),
  object: z.literal('event'),
  type: z.string().min(1).max(200),
  account: z.string().max(255).nullish(),
  created: z.number().int().nonnegative(),
  livemode: z.boolean().optional(),
  data: z.object({
    object: z.record(z.string(), z.unknown()),
    previous_attributes: z.record(z.string(), z.unknown()).nullish(),
  }),
});

export type ParsedWebhookEvent = { ok: true; event: WebhookEvent } | { ok: false; errors: FieldError[] };

/** Reads a verified payload (or a stored one) as a WebhookEvent, naming what is wrong otherwise. */
export function parseWebhookEvent(payload: unknown): ParsedWebhookEvent {
  // First, wherever it is: jsonb cannot hold U+0000, and the insert would fail with a 500.
  const unstorable = findUnstorableInput(payload, 'body');
  if (unstorable) return { ok: false, errors: [unstorable] };
  const parsed = StripeEventShape.safeParse(payload);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => ({ field: ['body', ...issue.path].join('.'), reason: issue.message })) };
  }
  const { id, type, account, created, livemode, data } = parsed.data;
  return {
    ok: true,
    event: {
      id,
      type,
      account: account ?? null,
      created: new Date(created * 1000),
      livemode: livemode ?? false,
      object: data.object,
      previousAttributes: data.previous_attributes ?? null,
    },
  };
}
