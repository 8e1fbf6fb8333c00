import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RouteRateLimit } from '../../platform/http/rate-limit.ts';
import type { AuthService, SignedIn } from './auth.service.ts';
import { emailField, passwordField, SignedInSchema } from './auth.schemas.ts';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie.ts';

const perIp = (name: string, limit: number, periodMs: number): RouteRateLimit => ({ name, policy: { limit, periodMs }, by: 'ip' });
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function authRoutes(deps: {
  auth: AuthService;
  config: Config;
  clock: Clock;
  captchaConfig: () => { provider: 'turnstile'; siteKey: string; mode: 'real' | 'fake' } | null;
}): FastifyPluginAsyncZod {
  const { auth, config, clock } = deps;
  const context = (request: { ip: string; headers: Record<string, unknown> }) => ({
    ip: request.ip,
    userAgent: String(request.headers['user-agent'] ?? ''),
  });
  const signedIn = (reply: Parameters<typeof setRefreshCookie>[0], result: SignedIn) => {
    setRefreshCookie(reply, config, result.refreshToken, result.refreshTokenExpiresAt, clock.now());
    reply.header('Cache-Control', 'no-store');
    return { accessToken: result.accessToken, accessTokenExpiresAt: result.accessTokenExpiresAt.toISOString(), user: result.user };
  };

  return async (app) => {
    app.get(
      '/auth/config',
      {
        config: { access: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'What the sign-in forms need (CAPTCHA provider and site key)',
          description:
            'Public settings the login and sign-up forms need before they are shown: whether a CAPTCHA (Turnstile) is configured and its site key. Never secrets.',
          response: {
            200: z.object({
              captcha: z.object({ provider: z.literal('turnstile'), siteKey: z.string(), mode: z.enum(['real', 'fake']) }).nullable(),
            }),
          },
        },
      },
      async () => ({ captcha: deps.captchaConfig() }),
    );

    app.post(
      '/auth/register',
      {
        config: { access: 'public', rateLimit: [perIp('auth-register', 10, HOUR)] },
        schema: {
          tags: ['auth'],
          summary: 'Create an account (signs in and emails a verification link)',
          description:
            'Creates a student or instructor account from email, password (10–128 characters, not a common password) and name, signs it in (access token in the body, refresh cookie set) and queues a verification email. 409 when the email already has an account; rate-limited per address.',
          body: z.object({
            email: emailField,
            password: passwordField,
            name: z.string().trim().min(1, 'is required').max(120),
            role: z.enum(['student', 'instructor']),
          }),
          response: { 201: SignedInSchema },
        },
      },
      async (request, reply) => reply.status(201).send(signedIn(reply, await auth.register(request.body, context(request)))),
    );

    app.post(
      '/auth/login',
      {
        // Failed sign-ins are counted per account and per address by login protection (failures
        // only); this budget counts every request, so it is sized for a school or an office
        // signing in at once and only stops floods.
        config: { access: 'public', rateLimit: [perIp('auth-login', 300, 15 * MINUTE)] },
        schema: {
          tags: ['auth'],
          summary: 'Log in (401 problem codes: invalid_credentials, captcha_required, totp_required)',
          description:
            'Exchanges email and password for an access token (15 minutes, send it as `Authorization: Bearer`) and sets the refresh cookie. After 3 failures a CAPTCHA token is required, after 5 each attempt must wait (429 with Retry-After), at 10 the account locks for 15 minutes. With 2FA on, the answer is 401 `totp_required` until a code is sent. Never reveals whether an email is registered.',
          body: z.object({
            email: z.string().trim().min(1, 'is required').max(254),
            password: passwordField,
            totpCode: z.string().max(10).optional(),
            backupCode: z.string().max(20).optional(),
            captchaToken: z.string().max(2048).optional(),
          }),
          response: { 200: SignedInSchema },
        },
      },
      async (request, reply) => signedIn(reply, await auth.login(request.body, context(request))),
    );

    app.post(
      '/auth/refresh',
      {
        config: { access: 'public', rateLimit: [perIp('auth-refresh', 120, 15 * MINUTE)] },
        schema: {
          tags: ['auth'],
          summary: 'Exchange the refresh cookie for a new access token (the cookie rotates)',
          description:
            'Reads the httpOnly refresh cookie (sent automatically to /api/v1/auth), returns a new access token and rotates the cookie. A rotated token replayed after the 30-second grace period revokes the session. Unsafe requests carrying the cookie must come from an allowed Origin.',
          response: { 200: SignedInSchema },
        },
      },
      async (request, reply) => {
        try {
          return signedIn(reply, await auth.refresh(readRefreshCookie(request), context(request)));
        } catch (error) {
          clearRefreshCookie(reply, config);
          throw error;
        }
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { access: 'public' },
        schema: { tags: ['auth'], summary: 'End this session', description: 'Revokes the session of the refresh cookie and clears it; access tokens of that session stop working at once. Answers the same when there is no session.', response: { 204: z.null() } },
      },
      async (request, reply) => {
        await auth.logout(readRefreshCookie(request));
        clearRefreshCookie(reply, config);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/auth/verify-email',
      {
        config: { access: 'public', rateLimit: [perIp('auth-verify-email', 30, HOUR)] },
        schema: {
          tags: ['auth'],
          summary: 'Confirm an email address with the emailed token',
          description:
            'Marks the account\'s email as verified using the token from the verification email (single use). 410 when the token is invalid, used or expired.',
          body: z.object({ token: z.string().min(1).max(200) }),
          response: {
            200: z.object({
              verified: z.literal(true),
              /** True when the link had been used (or had expired) and the email was verified already. */
              alreadyVerified: z.boolean(),
            }),
          },
        },
      },
      async (request) => ({ verified: true as const, ...(await auth.verifyEmail(request.body.token)) }),
    );

    app.post(
      '/auth/verify-email/resend',
      {
        config: { access: 'account:manage_own', rateLimit: [{ name: 'auth-verify-resend', policy: { limit: 5, periodMs: HOUR }, by: 'user' }] },
        schema: { tags: ['auth'], summary: 'Send a new verification link', description: 'Queues a new verification email for the signed-in account; 409 when it is already verified. Rate-limited.', response: { 202: z.object({ sent: z.literal(true) }) } },
      },
      async (request, reply) => {
        await auth.resendVerification((request.principal as { userId: string }).userId);
        return reply.status(202).send({ sent: true as const });
      },
    );

    app.post(
      '/auth/password-reset',
      {
        config: {
          access: 'public',
          rateLimit: [
            perIp('auth-password-reset', 10, HOUR),
            { name: 'auth-password-reset-email', policy: { limit: 3, periodMs: HOUR }, by: (request) => `email:${String((request.body as { email?: string })?.email ?? '').trim().toLowerCase()}` },
          ],
        },
        schema: {
          tags: ['auth'],
          summary: 'Email a password reset link (same answer whether or not the account exists)',
          description:
            'Queues an email with a single-use reset link when the address has an account. The answer is the same either way, so it never reveals whether an email is registered. Rate-limited per address.',
          body: z.object({ email: emailField }),
          response: { 202: z.object({ sent: z.literal(true) }) },
        },
      },
      async (request, reply) => {
        await auth.requestPasswordReset(request.body.email);
        return reply.status(202).send({ sent: true as const });
      },
    );

    app.post(
      '/auth/password-reset/confirm',
      {
        config: { access: 'public', rateLimit: [perIp('auth-password-reset-confirm', 20, HOUR)] },
        schema: {
          tags: ['auth'],
          summary: 'Set a new password with the emailed token (signs out every session)',
          description:
            'Sets a new password (same rules as sign-up) with the token from the reset email and revokes every session of the account. 410 when the token is invalid, used or expired.',
          body: z.object({ token: z.string().min(1).max(200), password: passwordField }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await auth.confirmPasswordReset(request.body.token, request.body.password);
        return reply.status(204).send(null);
      },
    );
  };
}
