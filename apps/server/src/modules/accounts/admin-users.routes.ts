import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageSchema, paginationQuery } from '../../platform/http/pagination.ts';
import type { AdminUsersService } from './admin-users.service.ts';

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

/** Admin console and admin assistant: find users (PRODUCT.md §12; the rules: admin-users.service.ts). */
export function adminUsersRoutes(adminUsers: AdminUsersService): FastifyPluginAsyncZod {
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
      async (request) => adminUsers.search(request.principal, request.query),
    );
  };
}
