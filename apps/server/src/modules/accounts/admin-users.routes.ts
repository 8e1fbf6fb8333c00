import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decodeCursor, pageSchema, paginationQuery, toPage } from '../../platform/http/pagination.ts';
import type { AccountsRepository } from './accounts.repository.ts';

const AdminUserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    roles: z.array(z.string()),
    emailVerified: z.boolean(),
    twoFactorEnabled: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'AdminUser' });

/**
 * Admin console and admin assistant: find users (PRODUCT.md §12). Newest first, optionally
 * filtered by a fragment of the email or the name.
 */
export function adminUsersRoutes(accounts: AccountsRepository): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/users',
      {
        config: { access: 'users:read:any' },
        schema: {
          tags: ['admin'],
          summary: 'Search users by email or name (newest first)',
          description:
            'For admins and the admin assistant: users whose email or name contains `q` (or everyone), newest first, cursor-paginated (`limit`, `cursor` → `nextCursor`).',
          querystring: z.object({ q: z.string().trim().max(100).optional(), ...paginationQuery }),
          response: { 200: pageSchema(AdminUserSchema) },
        },
      },
      async (request) => {
        const { q, limit, cursor } = request.query;
        const after = cursor ? String(decodeCursor(cursor, z.tuple([z.string()]))[0]) : undefined;
        const rows = await accounts.searchUsers({ text: q, afterId: after, limit: limit + 1 });
        const page = toPage(rows, limit, (row) => [row.id]);
        return {
          items: page.items.map((row) => ({
            id: row.id,
            email: row.email,
            name: row.name,
            roles: row.roles,
            emailVerified: row.emailVerifiedAt !== null,
            twoFactorEnabled: row.totpEnabledAt !== null,
            createdAt: row.createdAt.toISOString(),
          })),
          nextCursor: page.nextCursor,
        };
      },
    );
  };
}
