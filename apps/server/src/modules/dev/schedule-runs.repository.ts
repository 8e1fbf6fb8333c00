import type { Db } from '../../platform/db/database.ts';

/** dev_schedule_runs: one query per method. */
export class ScheduleRunsRepository {
  constructor(private readonly db: Db) {}

  async lastRuns(): Promise<Map<string, Date>> {
    const rows = await this.db.selectFrom('devScheduleRuns').select(['scheduleKey', 'lastRunAt']).execute();
    return new Map(rows.map((row) => [row.scheduleKey, row.lastRunAt]));
  }

  /**
   * Records a run at `at` only if the last run is still `previous` (null: never run), so two
   * callers racing for the same occurrence do not both run it. True when this caller won.
   */
  async claim(key: string, previous: Date | null, at: Date): Promise<boolean> {
    if (previous === null) {
      const inserted = await this.db
        .insertInto('devScheduleRuns')
        .values({ scheduleKey: key, lastRunAt: at })
        .onConflict((conflict) => conflict.column('scheduleKey').doNothing())
        .returning('scheduleKey')
        .executeTakeFirst();
      return inserted !== undefined;
    }
    const updated = await this.db
      .updateTable('devScheduleRuns')
      .set((eb) => ({ lastRunAt: at, runs: eb('runs', '+', 1) }))
      .where('scheduleKey', '=', key)
      .where('lastRunAt', '=', previous)
      .executeTakeFirst();
    return updated.numUpdatedRows > 0n;
  }

  /** Gives a failed run's claim back, so the next run-due tries it again. */
  async release(key: string, claimedAt: Date, previous: Date | null): Promise<void> {
    if (previous === null) {
      await this.db.deleteFrom('devScheduleRuns').where('scheduleKey', '=', key).where('lastRunAt', '=', claimedAt).execute();
      return;
    }
    await this.db
      .updateTable('devScheduleRuns')
      .set((eb) => ({ lastRunAt: previous, runs: eb('runs', '-', 1) }))
      .where('scheduleKey', '=', key)
      .where('lastRunAt', '=', claimedAt)
      .execute();
  }
}
