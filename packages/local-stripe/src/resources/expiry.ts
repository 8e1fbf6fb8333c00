import type { RequestContext } from '../context.ts';
import { releaseAuthorization } from './payment-flow.ts';

/**
 * Authorizations not captured by `capture_before` are canceled by Stripe (reason `automatic`)
 * and their hold released (`charge.expired`). The deadline column indexes them.
 */
export async function expireAuthorizations(ctx: RequestContext): Promise<number> {
  const due = await ctx.store.due('payment_intent', ctx.nowSeconds);
  let expired = 0;
  for (const intent of due) {
    if (intent.body.status !== 'requires_capture') continue;
    ctx.account = intent.account;
    await releaseAuthorization(ctx, intent, 'automatic', 'charge.expired');
    expired += 1;
  }
  return expired;
}
