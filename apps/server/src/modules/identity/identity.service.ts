import type { PaymentsPort } from '../../integrations/payments/payments.port.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { requireOwner } from '../discovery/discovery-access.ts';
import { providerCall, providerSecond } from '../payments/provider-call.ts';
import { applySessionState } from './identity-state.ts';
import { identityErrorSentence, identityStatus, type IdentityStatus } from './identity.policy.ts';
import type { IdentityRepository } from './identity.repository.ts';

export interface IdentityView {
  status: IdentityStatus;
  /** Why the last attempt failed (Stripe's code), and the same in plain words. */
  lastErrorCode: string | null;
  lastError: string | null;
  verifiedAt: string | null;
}

const PERMISSION = 'identity:verify_own' as const;

/**
 * Identity verification (issue 10 item 3, PRODUCT.md §2): a session at the provider (Stripe
 * Identity, document and selfie) completed on its hosted page; its outcome arrives as
 * `identity.verification_session.*` events (identity.webhooks.ts) and is re-read on return.
 */
export class IdentityService {
  constructor(private readonly deps: { db: Db; payments: PaymentsPort; clock: Clock; ids: IdGenerator; repository: IdentityRepository; webAppUrl: string }) {}

  /** A new session and its hosted page; refused once the person is verified. */
  async startSession(principal: Principal | null): Promise<{ url: string }> {
    const userId = requireOwner(principal, PERMISSION);
    const { repository, db, payments, clock } = this.deps;
    if (identityStatus(await repository.sessionsOf(db, userId)).status === 'verified') {
      throw new DomainError('conflict', 'Your identity is already verified.');
    }
    const startedAt = providerSecond(clock.now());
    const session = await providerCall(() =>
      payments.startIdentityVerification({
        userId,
        returnUrl: `${this.deps.webAppUrl}/instructor/setup/identity?identity=return`,
        idempotencyKey: `user:${userId}:identity:${this.deps.ids()}`,
      }),
    );
    await db.transaction().execute((tx) => applySessionState(tx, repository, { ...session, userId }, startedAt, clock.now()));
    return { url: session.url };
  }

  /** Where the person stands; `refresh` re-reads their newest session from the provider first (a webhook may be late). */
  async status(principal: Principal | null, options: { refresh?: boolean } = {}): Promise<IdentityView> {
    const userId = requireOwner(principal, PERMISSION);
    const { repository, db, payments, clock } = this.deps;
    let sessions = await repository.sessionsOf(db, userId);
    const newest = sessions[0];
    if (options.refresh && newest && identityStatus(sessions).status !== 'verified') {
      const readAt = providerSecond(clock.now());
      const session = await providerCall(() => payments.identityVerification(newest.id));
      await db.transaction().execute((tx) => applySessionState(tx, repository, { ...session, userId }, readAt, clock.now()));
      sessions = await repository.sessionsOf(db, userId);
    }
    const { status, lastErrorCode } = identityStatus(sessions);
    const verified = sessions.find((session) => session.verifiedAt !== null);
    return { status, lastErrorCode, lastError: identityErrorSentence(lastErrorCode), verifiedAt: verified?.verifiedAt?.toISOString() ?? null };
  }
}
