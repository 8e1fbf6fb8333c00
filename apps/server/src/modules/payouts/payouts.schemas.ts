import { z } from 'zod';

export const PayoutSchema = z
  .object({
    id: z.string().describe("The provider's payout id (po_…)"),
    amountCents: z.number().int().describe('What goes to your bank'),
    method: z.enum(['standard', 'instant']),
    status: z.enum(['pending', 'in_transit', 'paid', 'failed', 'canceled']),
    arrivalDate: z.string().describe('When it is expected in your bank (ISO-8601)'),
    feeCents: z.number().int().describe('The instant payout fee taken from the amount you asked for; 0 for standard payouts'),
  })
  .meta({ id: 'Payout' });

export const PayoutsOverviewSchema = z
  .object({
    status: z
      .enum(['not_started', 'details_needed', 'pending_verification', 'enabled', 'restricted'])
      .describe('not_started: no payout account yet; details_needed: Stripe needs more (see requirements); pending_verification: Stripe is checking; enabled: you can be paid; restricted: Stripe disabled the account'),
    requirements: z.array(z.string()).describe('What Stripe still needs, in plain sentences, overdue first'),
    balance: z.object({
      availableCents: z.number().int(),
      pendingCents: z.number().int().describe('On its way into your balance'),
      instantAvailableCents: z.number().int().describe('What an instant payout can send now'),
    }),
    payouts: z.array(PayoutSchema).describe('Newest first (the last 20)'),
    instantFeeBasisPoints: z.number().int().describe('The instant payout fee in basis points (200 = 2%)'),
  })
  .meta({ id: 'PayoutsOverview' });

export const OnboardingLinkSchema = z
  .object({ url: z.string().describe("Open it: Stripe's hosted onboarding, valid a few minutes; ask again for a new one") })
  .meta({ id: 'PayoutsOnboardingLink' });

export const PayoutsQuerySchema = z.object({
  refresh: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .describe('true: re-read the account from Stripe first (use it on coming back from onboarding)'),
});

// Inline in the document (no component id), as every request body of this API is.
export const InstantPayoutBodySchema = z.object({
  amountCents: z.number().int().min(1).max(100_000_000).describe('How much of your instant-available balance to pay out; the fee is taken from it'),
});

export const IdempotencyHeadersSchema = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,100}$/, 'must be 8–100 letters, digits, - or _')
    .optional()
    .describe('Send the same key again to retry without a second payout'),
});
