import type { Executor } from '../../platform/db/database.ts';
import type { Role } from './permissions.ts';

const userColumns = [
  'id',
  'email',
  'name',
  'roles',
  'emailVerifiedAt',
  'phoneE164',
  'phoneVerifiedAt',
  'totpEnabledAt',
  'createdAt',
] as const;

/** Users and their emailed tokens. One query per method; accepts the database or a transaction. */
export class AccountsRepository {
  constructor(private readonly db: Executor) {}

  findUserById(id: string, executor: Executor = this.db) {
    return executor.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
  }

  findCredentialsByEmail(email: string, executor: Executor = this.db) {
    return executor
      .selectFrom('users')
      .select([...userColumns, 'passwordHash', 'totpSecretEncrypted', 'totpLastStep'])
      .where('email', '=', email)
      .executeTakeFirst();
  }

  findCredentialsById(id: string, executor: Executor = this.db) {
    return executor
      .selectFrom('users')
      .select([...userColumns, 'passwordHash', 'totpSecretEncrypted', 'totpLastStep'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  /** Newest first, optionally by a fragment of the email or name, after the id cursor. */
  searchUsers(options: { text?: string; afterId?: string; limit: number }, executor: Executor = this.db) {
    let query = executor
      .selectFrom('users')
      .select(['id', 'email', 'name', 'roles', 'emailVerifiedAt', 'totpEnabledAt', 'createdAt'])
      .orderBy('id', 'desc')
      .limit(options.limit);
    if (options.text) {
      const pattern = `%${options.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => eb.or([eb('email', 'ilike', pattern), eb('name', 'ilike', pattern)]));
    }
    if (options.afterId) query = query.where('id', '<', options.afterId);
    return query.execute();
  }

  emailExists(email: string, executor: Executor = this.db) {
    return executor.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  }

  insertUser(
    user: { id: string; email: string; name: string; passwordHash: string; roles: Role[]; emailVerifiedAt?: Date | null },
    executor: Executor = this.db,
  ) {
    return executor.insertInto('users').values(user).execute();
  }

  updateUser(
    id: string,
    changes: Partial<{
      name: string;
      passwordHash: string;
      passwordChangedAt: Date;
      emailVerifiedAt: Date;
      totpSecretEncrypted: string | null;
      totpEnabledAt: Date | null;
      totpLastStep: number | null;
    }>,
    executor: Executor = this.db,
  ) {
    return executor.updateTable('users').set(changes).where('id', '=', id).execute();
  }

  insertEmailToken(
    token: { id: string; userId: string; purpose: 'verify_email' | 'password_reset'; tokenHash: string; expiresAt: Date },
    executor: Executor = this.db,
  ) {
    return executor.insertInto('emailTokens').values(token).execute();
  }

  /** Locks the token row so two clicks on one link cannot both use it. */
  findEmailTokenForUpdate(tokenHash: string, purpose: 'verify_email' | 'password_reset', executor: Executor) {
    return executor
      .selectFrom('emailTokens')
      .selectAll()
      .where('tokenHash', '=', tokenHash)
      .where('purpose', '=', purpose)
      .forUpdate()
      .executeTakeFirst();
  }

  markEmailTokenUsed(id: string, at: Date, executor: Executor = this.db) {
    return executor.updateTable('emailTokens').set({ usedAt: at }).where('id', '=', id).execute();
  }

  /** Earlier unused links of the same kind stop working when a new one is sent. */
  expireUnusedEmailTokens(userId: string, purpose: 'verify_email' | 'password_reset', at: Date, executor: Executor = this.db) {
    return executor
      .updateTable('emailTokens')
      .set({ usedAt: at })
      .where('userId', '=', userId)
      .where('purpose', '=', purpose)
      .where('usedAt', 'is', null)
      .execute();
  }

  insertBackupCodes(codes: Array<{ id: string; userId: string; codeHash: string }>, executor: Executor = this.db) {
    return executor.insertInto('totpBackupCodes').values(codes).execute();
  }

  deleteBackupCodes(userId: string, executor: Executor = this.db) {
    return executor.deleteFrom('totpBackupCodes').where('userId', '=', userId).execute();
  }

  /** Marks one unused backup code used; returns whether there was one. */
  async consumeBackupCode(userId: string, codeHash: string, at: Date, executor: Executor = this.db): Promise<boolean> {
    const result = await executor
      .updateTable('totpBackupCodes')
      .set({ usedAt: at })
      .where('userId', '=', userId)
      .where('codeHash', '=', codeHash)
      .where('usedAt', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  countUnusedBackupCodes(userId: string, executor: Executor = this.db) {
    return executor
      .selectFrom('totpBackupCodes')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('userId', '=', userId)
      .where('usedAt', 'is', null)
      .executeTakeFirstOrThrow();
  }
}
