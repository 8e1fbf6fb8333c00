import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { paginationQuery } from '../../platform/http/pagination.ts';
import type { LedgerAdminService } from './ledger-admin.service.ts';
import { AccountStatementSchema, accountIdParam, TrialBalanceSchema } from './ledger.schemas.ts';

/** The books for admins and the admin assistant (PRODUCT.md §6, §12). */
export function ledgerRoutes(admin: LedgerAdminService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/ledger/trial-balance',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['admin'],
          summary: 'Trial balance of the double-entry ledger',
          description:
            'Every ledger account with its balance, in a debit or a credit column, and the totals of both columns, which are always equal: the database refuses any transaction whose entries do not sum to zero.',
          response: { 200: TrialBalanceSchema },
        },
      },
      async (request) => admin.trialBalance(request.principal),
    );

    app.get(
      '/admin/ledger/accounts/:id',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['admin'],
          summary: 'A ledger account and its entries',
          description: 'The account with its balance, and its entries newest first, cursor-paginated (`limit`, `cursor` → `nextCursor`). 404 when no account has this id.',
          params: z.object({ id: accountIdParam }),
          querystring: z.object(paginationQuery),
          response: { 200: AccountStatementSchema },
        },
      },
      async (request) => admin.account(request.principal, request.params.id, request.query),
    );
  };
}
