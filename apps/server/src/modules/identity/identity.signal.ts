import type { Db } from '../../platform/db/database.ts';
import { identityErrorSentence, identityStatus, type IdentityStatus } from './identity.policy.ts';
import type { IdentityRepository } from './identity.repository.ts';

/** For the onboarding checklist (modules/instructors): where the person's identity check stands. */
export function identitySignal(deps: { db: Db; repository: IdentityRepository }) {
  return {
    async identityStatus(userId: string): Promise<{ status: IdentityStatus; lastError: string | null }> {
      const { status, lastErrorCode } = identityStatus(await deps.repository.sessionsOf(deps.db, userId));
      return { status, lastError: identityErrorSentence(lastErrorCode) };
    },
  };
}
