import type { IdentityVerification } from '../../integrations/payments/payments.port.ts';
import type { Executor } from '../../platform/db/database.ts';
import { replacesState } from './identity.policy.ts';
import type { IdentityRepository } from './identity.repository.ts';

/**
 * Records what the provider said about a session at `stateAt` (an event's `created`, or when it
 * was re-read), unless the row holds a newer state. A session we have no row for (the process
 * stopped between creating it and recording it) is recorded for the user it names, if they exist.
 * Call it inside a transaction: the row is locked while it is compared and written.
 */
export async function applySessionState(
  executor: Executor,
  repository: IdentityRepository,
  session: IdentityVerification,
  stateAt: Date,
  now: Date,
): Promise<void> {
  const held = await repository.lockSession(executor, session.id);
  const incoming = { status: session.state, lastErrorCode: session.state === 'verified' ? null : session.lastErrorCode };
  const verifiedAt = (previous: Date | null) => (incoming.status === 'verified' ? (previous ?? stateAt) : null);
  if (!held) {
    if (!session.userId || !(await repository.userExists(executor, session.userId))) return;
    await repository.insertSession(executor, { id: session.id, userId: session.userId, ...incoming, verifiedAt: verifiedAt(null), providerStateAt: stateAt, updatedAt: now });
    return;
  }
  if (!replacesState({ status: held.status, lastErrorCode: held.lastErrorCode, at: held.providerStateAt }, { ...incoming, at: stateAt })) return;
  await repository.updateSession(executor, session.id, { ...incoming, verifiedAt: verifiedAt(held.verifiedAt), providerStateAt: stateAt, updatedAt: now });
}
