import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { LedgerAdminService } from './ledger-admin.service.ts';
import { LedgerRepository } from './ledger.repository.ts';
import { ledgerRoutes } from './ledger.routes.ts';
import { LedgerService } from './ledger.service.ts';

/**
 * The double-entry ledger (PRODUCT.md §6): `ledger.post(trx, posting)` for the modules that
 * move money, and the admin routes that read the books.
 */
export function createLedgerModule(deps: { db: Db; clock: Clock; ids: IdGenerator }): { routes: FastifyPluginAsyncZod; ledger: LedgerService; repository: LedgerRepository } {
  const repository = new LedgerRepository(deps.db);
  const ledger = new LedgerService({ repository, clock: deps.clock, ids: deps.ids });
  return { routes: ledgerRoutes(new LedgerAdminService({ repository, clock: deps.clock })), ledger, repository };
}
