import { PaymentError } from '../../integrations/payments/payment-error.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { requirePermission } from './ledger-admin.service.ts';
import type { ReconciliationDifference } from './reconciliation.policy.ts';
import type { ReconciliationReport, ReconciliationService } from './reconciliation.service.ts';

const DAY_MS = 24 * 60 * 60_000;
/** The daily run checks the last two days: each day is checked twice, so a late provider record is still seen. */
export const DAILY_WINDOW_MS = 2 * DAY_MS;
/** An on-demand run reaches back at most this far (the provider lists every page since). */
export const MAX_WINDOW_MS = 90 * DAY_MS;

export interface ReconciliationRun extends ReconciliationReport {
  id: string;
  ranAt: string;
}

/**
 * Runs a reconciliation and keeps its report (migration 0021), so the daily run's findings can
 * be read later; `latest()` lists the newest reports.
 */
export class ReconciliationRuns {
  constructor(private readonly deps: { db: Db; service: ReconciliationService; clock: Clock; ids: IdGenerator }) {}

  /** On demand (admins): from `from`, default the daily window. */
  async runFor(principal: Principal | null, from: string | undefined): Promise<ReconciliationRun> {
    requirePermission(principal, 'ledger:read');
    const now = this.deps.clock.nowMs();
    const fromMs = from === undefined ? now - DAILY_WINDOW_MS : Date.parse(from);
    if (fromMs > now) throw new DomainError('validation_failed', 'body.from: must not be in the future', { errors: [{ field: 'body.from', reason: 'must not be in the future' }] });
    if (now - fromMs > MAX_WINDOW_MS) throw new DomainError('validation_failed', 'body.from: at most 90 days back', { errors: [{ field: 'body.from', reason: 'at most 90 days back' }] });
    return this.run(fromMs);
  }

  /** The daily job: the last two days. */
  runDaily(): Promise<ReconciliationRun> {
    return this.run(this.deps.clock.nowMs() - DAILY_WINDOW_MS);
  }

  async latest(principal: Principal | null, limit: number): Promise<ReconciliationRun[]> {
    requirePermission(principal, 'ledger:read');
    const rows = await this.deps.db.selectFrom('ledgerReconciliations').selectAll().orderBy('ranAt', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((row) => ({
      id: row.id,
      ranAt: row.ranAt.toISOString(),
      from: row.windowFrom.toISOString(),
      to: row.windowTo.toISOString(),
      providerTransactions: row.providerTransactions,
      ledgerTransactions: row.ledgerTransactions,
      differences: row.differences as ReconciliationDifference[],
    }));
  }

  private async run(fromMs: number): Promise<ReconciliationRun> {
    const report = await this.deps.service.run({ fromMs }).catch((error: unknown) => {
      // The provider's list could not be read: nothing was compared, nothing is kept; try again later.
      if (error instanceof PaymentError) throw new DomainError('service_unavailable', `The payment provider's balance transactions could not be read (${error.kind}); try again later.`);
      throw error;
    });
    const id = this.deps.ids();
    const ranAt = this.deps.clock.now();
    await this.deps.db
      .insertInto('ledgerReconciliations')
      .values({
        id,
        ranAt,
        windowFrom: new Date(report.from),
        windowTo: new Date(report.to),
        providerTransactions: report.providerTransactions,
        ledgerTransactions: report.ledgerTransactions,
        differenceCount: report.differences.length,
        differences: JSON.stringify(report.differences),
      })
      .execute();
    return { id, ranAt: ranAt.toISOString(), ...report };
  }
}
