import { z } from 'zod';

export const IdentityStatusSchema = z
  .object({
    status: z
      .enum(['not_started', 'requires_input', 'processing', 'verified', 'canceled'])
      .describe('requires_input: start or retry on the hosted page (lastError says why the last try failed); processing: being checked'),
    lastErrorCode: z.string().nullable().describe("Stripe Identity's code for the last failure (document_expired, selfie_face_mismatch…)"),
    lastError: z.string().nullable().describe('The same in plain words'),
    verifiedAt: z.string().nullable(),
  })
  .meta({ id: 'IdentityStatus' });

export const IdentitySessionSchema = z
  .object({ url: z.string().describe("Stripe Identity's hosted page: it sends you back to /instructor/setup/identity?identity=return") })
  .meta({ id: 'IdentitySession' });

export const IdentityQuerySchema = z.object({
  refresh: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .describe('true: re-read your latest session from Stripe first (use it on coming back from the hosted page)'),
});
