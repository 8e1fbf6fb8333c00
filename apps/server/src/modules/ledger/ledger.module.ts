import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { LedgerAdminService } from './ledger-admin.service.ts';
import { LedgerRepository } from './ledger.repository.ts';
import { ledgerRoutes } from './ledger.routes.ts';
import { LedgerService } from './ledger.service.ts';
import { ReconciliationRuns } from './reconciliation-runs.ts';
import type { ProviderBalanceTransactions } from './reconciliation.ports.ts';
import { ReconciliationService } from './reconciliation.service.ts';

/**
 * The double-entry ledger (PRODUCT.md §6): `ledger.post(trx, posting)` for the modules that
 * move money, the admin routes that read the books, and reconciliation with the provider.
 */
export function createLedgerModule(deps: { db: Db; clock: Clock; ids: IdGenerator; provider: ProviderBalanceTransactions }): {
  routes: FastifyPluginAsyncZod;
  ledger: LedgerService;
  repository: LedgerRepository;
  reconciliations: ReconciliationRuns;
} {
  const repository = new LedgerRepository(deps.db);
  const ledger = new LedgerService({ repository, clock: deps.clock, ids: deps.ids });
  const service = new ReconciliationService({ repository, provider: deps.provider, clock: deps.clock });
  const reconciliations = new ReconciliationRuns({ db: deps.db, service, clock: deps.clock, ids: deps.ids });
  return { routes: ledgerRoutes(new LedgerAdminService({ repository, clock: deps.clock }), reconciliations), ledger, repository, reconciliations };
}
