import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { SessionRevokedReason } from '../accounts/accounts.tables.ts';

/** Sessions, their rotating refresh tokens and the devices users have logged in from. */
export class SessionsRepository {
  constructor(private readonly db: Executor) {}

  insertSession(
    session: { id: string; userId: string; userAgent: string; ip: string; deviceHash: string; createdAt: Date; lastUsedAt: Date; expiresAt: Date },
    executor: Executor = this.db,
  ) {
    return executor.insertInto('sessions').values(session).execute();
  }

  insertRefreshToken(token: { id: string; sessionId: string; tokenHash: string; createdAt: Date }, executor: Executor = this.db) {
    return executor.insertInto('refreshTokens').values(token).execute();
  }

  /** The token and its session, locked: concurrent refreshes of one token are serialized. */
  findRefreshTokenForUpdate(tokenHash: string, executor: Executor) {
    return executor
      .selectFrom('refreshTokens')
      .innerJoin('sessions', 'sessions.id', 'refreshTokens.sessionId')
      .select([
        'refreshTokens.id as tokenId',
        'refreshTokens.rotatedAt',
        'sessions.id as sessionId',
        'sessions.userId',
        'sessions.revokedAt',
        'sessions.expiresAt',
      ])
      .where('refreshTokens.tokenHash', '=', tokenHash)
      .forUpdate()
      .executeTakeFirst();
  }

  markRotated(tokenId: string, at: Date, executor: Executor = this.db) {
    return executor.updateTable('refreshTokens').set({ rotatedAt: at }).where('id', '=', tokenId).where('rotatedAt', 'is', null).execute();
  }

  touchSession(sessionId: string, at: Date, ip: string, executor: Executor = this.db) {
    return executor.updateTable('sessions').set({ lastUsedAt: at, ip }).where('id', '=', sessionId).execute();
  }

  /** The session an access token names, if it is still live, with its user's current roles. */
  findLiveSession(sessionId: string, userId: string, now: Date, executor: Executor = this.db) {
    return executor
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.userId')
      .select(['sessions.id', 'users.roles', 'sessions.expiresAt'])
      .where('sessions.id', '=', sessionId)
      .where('sessions.userId', '=', userId)
      .where('sessions.revokedAt', 'is', null)
      .where('sessions.expiresAt', '>', now)
      .executeTakeFirst();
  }

  listLiveSessions(userId: string, now: Date, executor: Executor = this.db) {
    return executor
      .selectFrom('sessions')
      .select(['id', 'userAgent', 'ip', 'createdAt', 'lastUsedAt'])
      .where('userId', '=', userId)
      .where('revokedAt', 'is', null)
      .where('expiresAt', '>', now)
      .orderBy('lastUsedAt', 'desc')
      .execute();
  }

  revokeSession(sessionId: string, userId: string, reason: SessionRevokedReason, at: Date, executor: Executor = this.db) {
    return executor
      .updateTable('sessions')
      .set({ revokedAt: at, revokedReason: reason })
      .where('id', '=', sessionId)
      .where('userId', '=', userId)
      .where('revokedAt', 'is', null)
      .executeTakeFirst();
  }

  /** Revokes every live session of the user except `keep` (the one making the change). */
  revokeAllSessions(userId: string, reason: SessionRevokedReason, at: Date, keep: string | null, executor: Executor = this.db) {
    let query = executor
      .updateTable('sessions')
      .set({ revokedAt: at, revokedReason: reason })
      .where('userId', '=', userId)
      .where('revokedAt', 'is', null);
    if (keep) query = query.where('id', '<>', keep);
    return query.execute();
  }

  countKnownDevices(userId: string, executor: Executor = this.db) {
    return executor
      .selectFrom('knownDevices')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('userId', '=', userId)
      .executeTakeFirstOrThrow();
  }

  /** Records the device; returns true when the user had never used it before. */
  async rememberDevice(userId: string, deviceHash: string, at: Date, executor: Executor = this.db): Promise<boolean> {
    const inserted = await executor
      .insertInto('knownDevices')
      .values({ userId, deviceHash, firstSeenAt: at, lastSeenAt: at })
      .onConflict((conflict) => conflict.columns(['userId', 'deviceHash']).doUpdateSet({ lastSeenAt: at }))
      // xmax is 0 on a freshly inserted row version, set on an updated one. (Comparing
      // firstSeenAt with `at` called a known device new when two logins shared a timestamp.)
      .returning(sql<boolean>`xmax = 0`.as('inserted'))
      .executeTakeFirstOrThrow();
    return inserted.inserted;
  }
}
