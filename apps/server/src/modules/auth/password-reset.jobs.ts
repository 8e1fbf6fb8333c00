import type { Clock } from '../../platform/clock.ts';
import { randomToken, sha256 } from '../../platform/crypto.ts';
import type { Db } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { JobDefinition } from '../../platform/jobs/job-types.ts';
import type { AccountsRepository } from '../accounts/accounts.repository.ts';
import type { AccountEmails } from './auth.ports.ts';
import { PASSWORD_RESET_TTL_MS } from './session.policy.ts';

/**
 * `auth.password_reset_requested`: looks the email up and, when it has an account, emails a
 * fresh reset link (earlier unused links expire). The request itself only queues this job, the
 * same single write whether or not the email has an account, so its answer and its timing
 * cannot tell which. Safe to run twice: a second run only sends a newer link.
 */
export function passwordResetJob(deps: {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  accounts: AccountsRepository;
  emails: AccountEmails;
}): JobDefinition<'auth.password_reset_requested'> {
  return {
    name: 'auth.password_reset_requested',
    retryLimit: 5,
    expireInSeconds: 60,
    async handler({ email }) {
      const { db, clock, ids, accounts, emails } = deps;
      await db.transaction().execute(async (tx) => {
        const user = await accounts.findCredentialsByEmail(email, tx);
        if (!user) return;
        const now = clock.now();
        await accounts.expireUnusedEmailTokens(user.id, 'password_reset', now, tx);
        const token = randomToken();
        await accounts.insertEmailToken(
          { id: ids(), userId: user.id, purpose: 'password_reset', tokenHash: sha256(token), expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MS) },
          tx,
        );
        await emails.queue(tx, { to: user.email, userId: user.id, template: 'password_reset', data: { name: user.name, token } });
      });
    },
  };
}
