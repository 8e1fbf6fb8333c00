import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PhoneService } from './phone.service.ts';

const PhoneVerificationStarted = z
  .object({
    phone: z.string().describe('The number the code was sent to, in E.164 (+12125550100)'),
    expiresAt: z.string().describe('When the code stops working (10 minutes after it was sent)'),
  })
  .meta({ id: 'PhoneVerificationStarted' });

const PhoneVerified = z
  .object({
    phone: z.string().describe('The verified number, in E.164; SMS notifications now go to it'),
    verifiedAt: z.string(),
  })
  .meta({ id: 'PhoneVerified' });

export function phoneRoutes(phone: PhoneService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/me/phone',
      {
        config: { access: 'account:manage_own' },
        schema: {
          tags: ['account'],
          summary: 'Send a 6-digit code by SMS to verify a phone number',
          description:
            'US numbers may be written as usual ("(212) 555-0100"); others need a leading + and country code. ' +
            'The code is valid for 10 minutes and 5 attempts; a new request replaces the previous code ' +
            '(at most one a minute, and codes count against the daily limit of 10 SMS segments).',
          body: z.object({ phone: z.string().min(1).max(40) }),
          response: { 202: PhoneVerificationStarted },
        },
      },
      async (request, reply) => {
        const started = await phone.requestCode(request.principal, request.body);
        return reply.status(202).send({ phone: started.phone, expiresAt: started.expiresAt.toISOString() });
      },
    );

    app.post(
      '/me/phone/verify',
      {
        config: { access: 'account:manage_own' },
        schema: {
          tags: ['account'],
          summary: 'Confirm the phone number with the code we sent',
          description:
            'A wrong code answers 400 with `remainingAttempts`; after 5 wrong codes, or 10 minutes, the code is gone (410) ' +
            'and a new one must be requested.',
          body: z.object({ code: z.string().regex(/^\d{6}$/, 'must be the 6 digits we sent') }),
          response: { 200: PhoneVerified },
        },
      },
      async (request) => {
        const verified = await phone.verify(request.principal, request.body);
        return { phone: verified.phone, verifiedAt: verified.verifiedAt.toISOString() };
      },
    );
  };
}
