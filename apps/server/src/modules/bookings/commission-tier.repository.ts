import type { Executor } from '../../platform/db/database.ts';
import { commissionTier, commissionWindowStartMs, type CommissionTier } from '../payments/fees.policy.ts';

/**
 * The instructor's commission tier at `atMs` (PRODUCT.md §6): founding, or by the lessons they
 * completed in the 90 days up to then. The one query behind every money step that prices a
 * commission (authorization, capture, cancellation); a founding instructor needs no count.
 */
export async function commissionTierAt(executor: Executor, instructor: { id: string; founding: boolean }, atMs: number): Promise<CommissionTier> {
  if (instructor.founding) return commissionTier({ founding: true, completedLessonsLast90Days: 0 });
  const row = await executor
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('instructorId', '=', instructor.id)
    .where('status', '=', 'completed')
    .where('endsAt', '>=', new Date(commissionWindowStartMs(atMs)))
    .where('endsAt', '<=', new Date(atMs))
    .executeTakeFirstOrThrow();
  return commissionTier({ founding: false, completedLessonsLast90Days: Number(row.count) });
}
