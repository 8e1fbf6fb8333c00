import type { Db } from '../../platform/db/database.ts';
import { payoutStatus, type PayoutStatus } from './payout-status.policy.ts';
import type { PayoutsRepository } from './payouts.repository.ts';

/** For the onboarding checklist (modules/instructors): where the instructor's payout account stands. */
export function payoutsSignal(deps: { db: Db; repository: PayoutsRepository }) {
  return {
    async payoutStatus(userId: string): Promise<PayoutStatus> {
      const row = await deps.repository.findByUser(deps.db, userId);
      return payoutStatus(row ?? null);
    },
  };
}
