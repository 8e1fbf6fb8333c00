import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { paginationQuery } from '../../platform/http/pagination.ts';
import type { LedgerAdminService } from './ledger-admin.service.ts';
import { AccountStatementSchema, accountIdParam, ReconciliationRunSchema, TrialBalanceSchema } from './ledger.schemas.ts';
import type { ReconciliationRuns } from './reconciliation-runs.ts';

/** A run reads every provider page of its window: a few per minute are plenty. */
const RECONCILE_LIMIT = [{ name: 'ledger-reconcile', policy: { limit: 6, periodMs: 60_000 }, by: 'user' as const }];

/** The books for admins and the admin assistant (PRODUCT.md §6, §12). */
export function ledgerRoutes(admin: LedgerAdminService, reconciliations: ReconciliationRuns): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/admin/ledger/reconcile',
      {
        config: { access: 'ledger:read', rateLimit: RECONCILE_LIMIT },
        schema: {
          tags: ['admin'],
          summary: 'Reconcile the ledger with the payment provider now',
          description:
            "Compares every balance transaction of the platform's provider account since `from` (default: the last two days, as the daily run; at most 90 days back) with the ledger's transactions that name provider ids, lists each difference (missing in the ledger, missing at the provider, amount or fee mismatch, one provider transaction claimed twice), keeps the report and returns it. Reads only: nothing on either side changes.",
          body: z.object({ from: z.iso.datetime({ offset: true }).optional().describe('Start of the checked window (ISO 8601)') }).optional(),
          response: { 200: ReconciliationRunSchema },
        },
      },
      async (request) => reconciliations.runFor(request.principal, request.body?.from),
    );

    app.get(
      '/admin/ledger/reconciliations',
      {
        config: { access: 'ledger:read' },
        schema: {
          tags: ['admin'],
          summary: 'The latest reconciliation reports',
          description: 'Newest first: the daily runs and those started on demand, each with its window, counts and differences.',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }),
          response: { 200: z.object({ items: z.array(ReconciliationRunSchema) }).meta({ id: 'ReconciliationRuns' }) },
        },
      },
      async (request) => ({ items: await reconciliations.latest(request.principal, request.query.limit) }),
    );

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
