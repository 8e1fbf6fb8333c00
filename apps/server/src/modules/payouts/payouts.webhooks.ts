import type { PaymentEventReader, PayoutAccount } from '../../integrations/payments/payments.port.ts';
import type { Executor } from '../../platform/db/database.ts';
import { followPayoutAccount } from '../instructors/payout-pause.ts';
import { payoutStatus } from './payout-status.policy.ts';
import type { Clock } from '../../platform/clock.ts';
import type { WebhookHandler } from '../payments/webhooks/webhook-handlers.ts';
import type { PayoutsRepository } from './payouts.repository.ts';

/**
 * `account.updated` (integrations.md §1.5): the payout account's new state, written unless the
 * row already holds a newer one (a late, older event changes nothing). Accounts that are not
 * an instructor's payout account here are ignored.
 */
export function accountUpdatedHandler(deps: { reader: PaymentEventReader; repository: PayoutsRepository; clock: Clock }): WebhookHandler {
  return async (event, tx) => {
    const account = deps.reader.payoutAccount(event.object);
    if (!account) return;
    await applyAccountState(tx, deps.repository, account, event.created, deps.clock.now());
  };
}

/**
 * The provider's word on a payout account, from an event or a fresh read: written unless a newer
 * state is held, and the instructor's publication follows it in the same transaction (payouts
 * that stop unpublish them, payouts enabled again publish them again: instructors/payout-pause.ts).
 */
export async function applyAccountState(executor: Executor, repository: PayoutsRepository, account: PayoutAccount, stateAt: Date, now: Date): Promise<void> {
  const userId = await repository.applyState(executor, account, stateAt, now);
  if (userId) await followPayoutAccount(executor, { userId, paysOut: payoutStatus(account) === 'enabled', now });
}
