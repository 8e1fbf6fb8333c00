import type { PaymentEventReader } from '../../integrations/payments/payments.port.ts';
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
    await deps.repository.applyState(tx, account, event.created, deps.clock.now());
  };
}
