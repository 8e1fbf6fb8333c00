import type { PaymentEventReader } from '../../integrations/payments/payments.port.ts';
import type { Clock } from '../../platform/clock.ts';
import type { WebhookHandler } from '../payments/webhooks/webhook-handlers.ts';
import { applySessionState } from './identity-state.ts';
import type { IdentityRepository } from './identity.repository.ts';

/** The `identity.verification_session.*` events (integrations.md §1.6) this module follows. */
export const IDENTITY_EVENT_TYPES = ['created', 'processing', 'requires_input', 'verified', 'canceled', 'redacted'].map((name) => `identity.verification_session.${name}`);

/** Each event's session snapshot, applied unless the row already holds a newer state. */
export function identitySessionHandler(deps: { reader: PaymentEventReader; repository: IdentityRepository; clock: Clock }): WebhookHandler {
  return async (event, tx) => {
    const session = deps.reader.identityVerification(event.object);
    if (!session) return;
    await applySessionState(tx, deps.repository, session, event.created, deps.clock.now());
  };
}
