import { z } from 'zod';
import { hasPermission, type Principal } from '../../platform/auth/principal.ts';
import { DomainError } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import type { AccountsRepository } from './accounts.repository.ts';

export interface AdminUserView {
  id: string;
  email: string;
  name: string;
  roles: string[];
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  createdAt: string;
}

const userCursor = z.tuple([z.string()]);

/**
 * Admin console and admin assistant: find users (PRODUCT.md §12). Newest first, optionally
 * filtered by a fragment of the email or the name. The route declares the same permission;
 * checking it here first keeps the service safe when called from elsewhere (ARCHITECTURE rule 7).
 */
export class AdminUsersService {
  constructor(private readonly accounts: Pick<AccountsRepository, 'searchUsers'>) {}

  async search(principal: Principal | null | undefined, query: { q?: string; limit: number; cursor?: string }) {
    if (!principal) throw new DomainError('unauthenticated', 'You need to log in to do this.');
    if (!hasPermission(principal, 'users:read:any')) {
      throw new DomainError('forbidden', 'This needs the "users:read:any" permission, which your account does not have.');
    }
    const after = query.cursor ? String(decodeCursor(query.cursor, userCursor)[0]) : undefined;
    const rows = await this.accounts.searchUsers({ text: query.q, afterId: after, limit: query.limit + 1 });
    const page = toPage(rows, query.limit, (row) => [row.id]);
    return {
      items: page.items.map(
        (row): AdminUserView => ({
          id: row.id,
          email: row.email,
          name: row.name,
          roles: row.roles,
          emailVerified: row.emailVerifiedAt !== null,
          twoFactorEnabled: row.totpEnabledAt !== null,
          createdAt: row.createdAt.toISOString(),
        }),
      ),
      nextCursor: page.nextCursor,
    };
  }
}
