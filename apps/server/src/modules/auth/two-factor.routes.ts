import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TwoFactorService } from './two-factor.service.ts';

const perUser = (name: string, limit: number) => [{ name, policy: { limit, periodMs: 15 * 60_000 }, by: 'user' as const }];

export function twoFactorRoutes(twoFactor: TwoFactorService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/me/2fa/setup',
      {
        config: { access: 'security:manage_own', rateLimit: perUser('2fa-setup', 10) },
        schema: {
          tags: ['account'],
          summary: 'Start enrolling an authenticator app (QR code and secret)',
          description:
            'Creates a TOTP secret for your account and returns it with its otpauth URL and a QR code (data URL). 2FA is not on until POST /me/2fa/confirm succeeds; 409 when it is already on.',
          response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string(), qrCodeDataUrl: z.string() }) },
        },
      },
      async (request, reply) => {
        reply.header('Cache-Control', 'no-store');
        return twoFactor.setup(request.principal);
      },
    );

    app.post(
      '/me/2fa/confirm',
      {
        config: { access: 'security:manage_own', rateLimit: perUser('2fa-confirm', 10) },
        schema: {
          tags: ['account'],
          summary: 'Turn 2FA on with a code from the app; returns 10 single-use backup codes (shown once)',
          description:
            'Checks a 6-digit code from the authenticator app against the secret from POST /me/2fa/setup, turns 2FA on and returns 10 backup codes, shown only this once. 409 when setup was not started or 2FA is already on.',
          body: z.object({ code: z.string().trim().regex(/^\d{6}$/, 'must be the 6-digit code') }),
          response: { 200: z.object({ backupCodes: z.array(z.string()) }) },
        },
      },
      async (request, reply) => {
        reply.header('Cache-Control', 'no-store');
        return twoFactor.confirm(request.principal, request.body.code);
      },
    );

    app.post(
      '/me/2fa/disable',
      {
        config: { access: 'security:manage_own', rateLimit: perUser('2fa-disable', 10) },
        schema: {
          tags: ['account'],
          summary: 'Turn 2FA off (password and a current or backup code)',
          description:
            'Turns two-factor authentication off after checking your password and a current or backup code; 409 when it is not on.',
          body: z.object({ password: z.string().min(1, 'is required').max(1024), code: z.string().trim().min(6, 'is required').max(20) }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await twoFactor.disable(request.principal, request.body);
        return reply.status(204).send(null);
      },
    );
  };
}
