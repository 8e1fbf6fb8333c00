import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { PhoneVerificationsTable } from '../notifications/sms.tables.ts';

/** One query per method; every method runs inside the caller's transaction. */
export class PhoneRepository {
  /** The user's current phone, locking their row so code requests and SMS budgets serialize. */
  lockUser(tx: Executor, userId: string) {
    return tx
      .selectFrom('users')
      .select(['id', 'phoneE164', 'phoneVerifiedAt'])
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
  }

  /** The user's unverified verification (at most one, by a unique index), locked. */
  findPendingForUpdate(tx: Executor, userId: string) {
    return tx
      .selectFrom('phoneVerifications')
      .select(['id', 'phoneE164', 'codeHash', 'expiresAt', 'attempts', 'createdAt'])
      .where('userId', '=', userId)
      .where('verifiedAt', 'is', null)
      .forUpdate()
      .executeTakeFirst();
  }

  deletePending(tx: Executor, userId: string) {
    return tx.deleteFrom('phoneVerifications').where('userId', '=', userId).where('verifiedAt', 'is', null).execute();
  }

  insert(tx: Executor, verification: Insertable<PhoneVerificationsTable>) {
    return tx.insertInto('phoneVerifications').values(verification).execute();
  }

  recordWrongAttempt(tx: Executor, verificationId: string) {
    return tx
      .updateTable('phoneVerifications')
      .set({ attempts: sql<number>`attempts + 1` })
      .where('id', '=', verificationId)
      .execute();
  }

  markVerified(tx: Executor, verificationId: string, at: Date) {
    return tx.updateTable('phoneVerifications').set({ verifiedAt: at }).where('id', '=', verificationId).execute();
  }

  setVerifiedPhone(tx: Executor, userId: string, phoneE164: string, at: Date) {
    return tx.updateTable('users').set({ phoneE164, phoneVerifiedAt: at }).where('id', '=', userId).execute();
  }
}
