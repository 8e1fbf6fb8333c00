import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UserSchema } from '../auth/auth.schemas.ts';
import type { MeService } from './me.service.ts';

const SessionSchema = z
  .object({
    id: z.string(),
    userAgent: z.string(),
    device: z.string().describe('The browser and system read from the User-Agent, e.g. "Chrome on Windows"'),
    ip: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string(),
    current: z.boolean().describe('The session making this request'),
  })
  .meta({ id: 'Session' });

export function meRoutes(me: MeService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/me',
      { config: { access: 'account:read_own' }, schema: { tags: ['account'], summary: 'The signed-in user', description: 'Your account: id, email (and whether it is verified), name, roles, phone (and whether it is verified), whether 2FA is on, and when it was created.', response: { 200: UserSchema } } },
      async (request) => me.get(request.principal),
    );

    app.patch(
      '/me',
      {
        config: { access: 'account:manage_own' },
        schema: {
          tags: ['account'],
          summary: 'Update your profile',
          description:
            'Changes the fields sent (for now your name); the answer is the updated account.',
          body: z.object({ name: z.string().trim().min(1, 'is required').max(120).optional() }),
          response: { 200: UserSchema },
        },
      },
      async (request) => me.update(request.principal, request.body),
    );

    app.post(
      '/me/password',
      {
        config: {
          access: 'security:manage_own',
          rateLimit: [{ name: 'me-password', policy: { limit: 10, periodMs: 60 * 60_000 }, by: 'user' }],
        },
        schema: {
          tags: ['account'],
          summary: 'Change your password (signs out your other sessions)',
          description:
            'Needs your current password and a new one (10–128 characters, not a common password). Every other session is revoked; this one stays signed in.',
          body: z.object({ currentPassword: z.string().min(1, 'is required').max(1024), newPassword: z.string().min(1, 'is required').max(1024) }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await me.changePassword(request.principal, request.body, { ip: request.ip, userAgent: String(request.headers['user-agent'] ?? '') });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me/sessions',
      {
        config: { access: 'sessions:manage_own' },
        schema: { tags: ['account'], summary: 'Your signed-in devices', description: 'Your live sessions: device (read from the User-Agent), IP address, when each started and was last used, and which one is making this request.', response: { 200: z.object({ items: z.array(SessionSchema) }) } },
      },
      async (request) => me.listSessions(request.principal),
    );

    app.delete(
      '/me/sessions/:id',
      {
        config: { access: 'sessions:manage_own' },
        schema: {
          tags: ['account'],
          summary: 'Sign out one of your devices',
          description:
            'Revokes one of your sessions at once (its access tokens stop working on their next request); 404 when the id is not one of your live sessions.',
          params: z.object({ id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a session id') }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await me.revokeSession(request.principal, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
