import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStudent, signIn } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { testDatabaseKind } from '../support/test-database.ts';

/**
 * Sessions are checked from memory (modules/auth/live-sessions.ts) and dropped when the database
 * notifies a change (migration 0030). Changes here are made by plain SQL, as any process, job or
 * operator could, never through the code that knows about the cache.
 */
describe('live sessions in memory', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const me = (authorization: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization } });
  const adminUsers = (authorization: string) => t.app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: { authorization } });
  /** Until the notification arrives; bounded, asserting the outcome, not how fast it came. */
  const eventually = (check: () => Promise<number>, status: number) => expect.poll(check, { timeout: 5_000, interval: 20 }).toBe(status);

  async function signedInStudent() {
    const user = await aStudent(t);
    const session = await signIn(t, user);
    const { id } = await t.database.db.selectFrom('sessions').select('id').where('userId', '=', user.id).executeTakeFirstOrThrow();
    expect((await me(session.authorization)).statusCode).toBe(200); // Now held in memory.
    return { user, session, sessionId: id };
  }

  it('answers from memory: a revocation made with notifications suppressed goes unseen (so the cache is in use)', async () => {
    const { session, sessionId } = await signedInStudent();
    // session_replication_role = replica skips ordinary triggers: this one change is not notified.
    await t.database.db.transaction().execute(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await sql`update sessions set revoked_at = now() where id = ${sessionId}`.execute(tx);
    });
    expect((await me(session.authorization)).statusCode).toBe(200);
    // Any notified change of it drops the entry, and the database's answer stands.
    await sql`update sessions set revoked_reason = 'admin', expires_at = expires_at - interval '1 second' where id = ${sessionId}`.execute(t.database.db);
    await eventually(async () => (await me(session.authorization)).statusCode, 401);
  });

  it('refuses a session revoked by SQL once the notification arrives', async () => {
    const { session, sessionId } = await signedInStudent();
    await sql`update sessions set revoked_at = now(), revoked_reason = 'admin' where id = ${sessionId}`.execute(t.database.db);
    await eventually(async () => (await me(session.authorization)).statusCode, 401);
  });

  it('refuses a session whose expiry SQL moved into the past', async () => {
    const { session, sessionId } = await signedInStudent();
    await sql`update sessions set expires_at = ${new Date(t.clock.nowMs() - 1_000)} where id = ${sessionId}`.execute(t.database.db);
    await eventually(async () => (await me(session.authorization)).statusCode, 401);
  });

  it('sees roles changed by SQL', async () => {
    const { user, session } = await signedInStudent();
    expect((await adminUsers(session.authorization)).statusCode).toBe(403);
    await sql`update users set roles = array['student', 'admin'] where id = ${user.id}`.execute(t.database.db);
    await eventually(async () => (await adminUsers(session.authorization)).statusCode, 200);
    await sql`update users set roles = array['student'] where id = ${user.id}`.execute(t.database.db);
    await eventually(async () => (await adminUsers(session.authorization)).statusCode, 403);
  });

  it('refuses the sessions of a deleted user', async () => {
    const { user, session } = await signedInStudent();
    await sql`delete from users where id = ${user.id}`.execute(t.database.db);
    await eventually(async () => (await me(session.authorization)).statusCode, 401);
  });

  it('refuses a logged-out session at once (this process forgets it after commit, before any notification)', async () => {
    const { session } = await signedInStudent();
    const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: session.cookie, origin: 'http://localhost:3000' } });
    expect(logout.statusCode).toBe(204);
    expect((await me(session.authorization)).statusCode).toBe(401);
  });

  it('keeps answering a session after its refresh (touching it notifies nothing and it stays live)', async () => {
    const { session } = await signedInStudent();
    const refresh = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: session.cookie, origin: 'http://localhost:3000' } });
    expect(refresh.statusCode).toBe(200);
    const { accessToken } = refresh.json() as { accessToken: string };
    expect((await me(`Bearer ${accessToken}`)).statusCode).toBe(200);
    expect((await me(session.authorization)).statusCode).toBe(200);
  });

  // PostgreSQL only: PGlite's listener lives in the process and cannot be lost.
  it.skipIf(testDatabaseKind !== 'postgres')('stops answering from memory when the listener connection is lost, and listens again', async () => {
    const { session, sessionId } = await signedInStudent();
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'instainstru-listen' and datname = current_database()`.execute(t.database.db);
    // With the listener gone, a change it could not hear is seen all the same: the database is asked.
    await t.database.db.transaction().execute(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await sql`update sessions set revoked_at = now() where id = ${sessionId}`.execute(tx);
    });
    await eventually(async () => (await me(session.authorization)).statusCode, 401);
    // The listener comes back (first retry after 1 s) and notifications are heard again.
    await expect
      .poll(async () => (await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where application_name = 'instainstru-listen' and datname = current_database()`.execute(t.database.db)).rows[0]!.n, { timeout: 10_000, interval: 100 })
      .toBe(1);
    const again = await signedInStudent();
    await sql`update sessions set revoked_at = now() where id = ${again.sessionId}`.execute(t.database.db);
    await eventually(async () => (await me(again.session.authorization)).statusCode, 401);
  });

  // Last: it empties every session of the file.
  it('refuses every session after TRUNCATE', async () => {
    const first = await signedInStudent();
    const second = await signedInStudent();
    await sql`truncate sessions cascade`.execute(t.database.db);
    await eventually(async () => (await me(first.session.authorization)).statusCode, 401);
    expect((await me(second.session.authorization)).statusCode).toBe(401);
  });
});
