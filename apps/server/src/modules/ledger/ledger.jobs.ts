import type { JobDefinition } from '../../platform/jobs/job-types.ts';
import type { ReconciliationRuns } from './reconciliation-runs.ts';

/**
 * Daily: the provider's balance transactions of the last two days against the ledger; the
 * report is kept (GET /admin/ledger/reconciliations) and its differences logged. Reads only,
 * so running it twice only adds a second report.
 */
export function reconcileLedgerJob(runs: ReconciliationRuns, onDifferences: (count: number, runId: string) => void): JobDefinition<'ledger.reconcile'> {
  return {
    name: 'ledger.reconcile',
    retryLimit: 3,
    expireInSeconds: 30 * 60,
    handler: async () => {
      const run = await runs.runDaily();
      if (run.differences.length > 0) onDifferences(run.differences.length, run.id);
    },
  };
}
