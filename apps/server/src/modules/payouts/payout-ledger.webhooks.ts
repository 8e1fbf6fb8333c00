import type { PaymentEventReader } from '../../integrations/payments/payments.port.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import { payoutFailed, payoutPaid } from '../ledger/postings.policy.ts';
import type { WebhookHandler } from '../payments/webhooks/webhook-handlers.ts';
import type { PayoutsRepository } from './payouts.repository.ts';

interface Deps {
  reader: PaymentEventReader;
  repository: PayoutsRepository;
  ledger: LedgerService;
}

/** The instructor whose payout account sent the event, or null for accounts that are not ours. */
async function instructorOf(deps: Deps, account: string | null, tx: Parameters<WebhookHandler>[1]): Promise<string | null> {
  if (!account) return null;
  return (await deps.repository.findByAccount(tx, account))?.userId ?? null;
}

/**
 * `payout.paid`: the money reached the instructor's bank, so the platform no longer owes it
 * (postings.payoutPaid), in the transaction that marks the event processed. The ledger records
 * a reference once, so a redelivered event posts nothing more.
 */
export function payoutPaidHandler(deps: Deps): WebhookHandler {
  return async (event, tx) => {
    const payout = deps.reader.payout(event.object);
    const instructorId = await instructorOf(deps, event.account, tx);
    if (!payout || !instructorId || payout.amountCents <= 0) return;
    await deps.ledger.post(tx, payoutPaid({ payoutId: payout.id, instructorId, amountCents: payout.amountCents }));
  };
}

/**
 * `payout.failed`: the bank refused it and the money is back in the connected account
 * (postings.payoutFailed undoes payoutPaid). Whatever the order of delivery, both are posted
 * here — payoutPaid first, which writes nothing when `payout.paid` was already processed and
 * makes a later `payout.paid` write nothing — so a failed payout always nets to zero, as at
 * the provider (its balance shows the payout and its `payout_failure` return).
 */
export function payoutFailedHandler(deps: Deps): WebhookHandler {
  return async (event, tx) => {
    const payout = deps.reader.payout(event.object);
    const instructorId = await instructorOf(deps, event.account, tx);
    if (!payout || !instructorId || payout.amountCents <= 0) return;
    const movement = { payoutId: payout.id, instructorId, amountCents: payout.amountCents };
    await deps.ledger.post(tx, payoutPaid(movement));
    await deps.ledger.post(tx, payoutFailed(movement));
  };
}
