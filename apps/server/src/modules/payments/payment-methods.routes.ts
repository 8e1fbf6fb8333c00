import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PaymentMethodsService } from './payment-methods.service.ts';

const SavedCardSchema = z
  .object({
    id: z.string().describe("The provider's payment method id (pm_…): pass it as paymentMethodId when booking"),
    brand: z.string().describe('visa, mastercard, amex, …'),
    last4: z.string(),
    expMonth: z.number().int(),
    expYear: z.number().int(),
    isDefault: z.boolean(),
  })
  .meta({ id: 'SavedCard' });

const CardSetupSchema = z
  .object({
    setupIntentId: z.string(),
    clientSecret: z.string().describe('Confirm the setup with it from the browser (Stripe.js confirmCardSetup, or the local card form)'),
    publishableKey: z.string(),
    provider: z.enum(['local', 'stripe']).describe('local: the local Stripe at /api/v1/dev/stripe (development); stripe: Stripe.js'),
  })
  .meta({ id: 'CardSetup' });

const cardParams = z.object({ id: z.string().regex(/^pm_[A-Za-z0-9]{1,250}$/, 'must be a payment method id (pm_…)') });

/** Setting up cards goes to the provider on every call; this bounds a runaway client, not a person. */
const SETUP_LIMIT = [{ name: 'card-setup', policy: { limit: 20, periodMs: 60 * 60_000 }, by: 'user' as const }];

/** The signed-in student's saved cards (issue 10 item 1). */
export function paymentMethodsRoutes(cards: PaymentMethodsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/me/payment-methods/setup',
      {
        config: { access: 'payments:methods_own', rateLimit: SETUP_LIMIT },
        schema: {
          tags: ['payments'],
          summary: 'Start saving a card',
          description:
            'Creates a SetupIntent for off-session payments. The browser enters the card straight to the provider (the card number never reaches this API) and confirms the setup with `clientSecret` and `publishableKey`; 3-D Secure, when the bank asks, happens there. The card then appears in GET /me/payment-methods.',
          response: { 201: CardSetupSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await cards.startSetup(request.principal)),
    );

    app.get(
      '/me/payment-methods',
      {
        config: { access: 'payments:methods_own' },
        schema: {
          tags: ['payments'],
          summary: 'Your saved cards',
          description: 'The default card first. With cards and no default, the newest becomes the default.',
          response: { 200: z.object({ items: z.array(SavedCardSchema) }).meta({ id: 'SavedCards' }) },
        },
      },
      async (request) => ({ items: await cards.list(request.principal) }),
    );

    app.put(
      '/me/payment-methods/:id/default',
      {
        config: { access: 'payments:methods_own' },
        schema: {
          tags: ['payments'],
          summary: 'Make a card the default',
          description: 'The default card pays for bookings unless another is chosen. 404 when the card is not one of yours.',
          params: cardParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await cards.setDefault(request.principal, request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.delete(
      '/me/payment-methods/:id',
      {
        config: { access: 'payments:methods_own' },
        schema: {
          tags: ['payments'],
          summary: 'Remove a saved card',
          description: 'Detaches the card at the provider. 404 when the card is not one of yours.',
          params: cardParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await cards.remove(request.principal, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
