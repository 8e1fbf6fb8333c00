import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { DomainError, notFound } from '../../platform/errors.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { AccountEmails, RequestContext } from '../auth/auth.ports.ts';
import type { SessionsRepository } from '../auth/sessions.repository.ts';
import type { LiveSessions } from '../auth/live-sessions.ts';
import { toUserView, type UserView } from '../auth/user-view.ts';
import type { AccountsRepository } from './accounts.repository.ts';
import { passwordHasher } from './password-hasher.ts';
import { passwordProblems } from './password.policy.ts';
import { describeDevice } from '../../platform/user-agent.ts';

/** The signed-in user's own account: profile, password and sessions. */
export class MeService {
  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      accounts: AccountsRepository;
      sessions: SessionsRepository;
      /** Told after commit about sessions ended here, so the next request is refused even before the database's notification arrives. */
      liveSessions?: Pick<LiveSessions, 'forgetSession' | 'forgetUser'>;
      emails: AccountEmails;
    },
  ) {}

  private static userOf(principal: Principal | null): Extract<Principal, { kind: 'user' }> {
    if (!principal || principal.kind !== 'user') throw new DomainError('forbidden', 'Only a signed-in person has an account here.');
    return principal;
  }

  async get(principal: Principal | null): Promise<UserView> {
    const { userId } = MeService.userOf(principal);
    const user = await this.deps.accounts.findUserById(userId);
    if (!user) throw notFound('Account');
    return toUserView(user);
  }

  async update(principal: Principal | null, changes: { name?: string }): Promise<UserView> {
    const { userId } = MeService.userOf(principal);
    if (changes.name !== undefined) await this.deps.accounts.updateUser(userId, { name: changes.name.trim() });
    return this.get(principal);
  }

  /** Changes the password and signs out every other session (this one stays). */
  async changePassword(
    principal: Principal | null,
    input: { currentPassword: string; newPassword: string },
    context: RequestContext,
  ): Promise<void> {
    const { userId, sessionId } = MeService.userOf(principal);
    const { accounts, sessions, clock, emails } = this.deps;
    const current = await accounts.findCredentialsById(userId);
    if (!current || !(await passwordHasher.verify(current.passwordHash, input.currentPassword))) {
      throw new DomainError('validation_failed', 'Your current password is not correct.', {
        errors: [{ field: 'body.currentPassword', reason: 'is not correct' }],
      });
    }
    const problems = passwordProblems(input.newPassword, { email: current.email, name: current.name });
    if (problems.length > 0) {
      throw new DomainError('validation_failed', `The new password ${problems.join(', ')}.`, {
        errors: problems.map((reason) => ({ field: 'body.newPassword', reason })),
      });
    }
    const passwordHash = await passwordHasher.hash(input.newPassword);
    await this.deps.db.transaction().execute(async (tx) => {
      const now = clock.now();
      await accounts.updateUser(userId, { passwordHash, passwordChangedAt: now }, tx);
      await sessions.revokeAllSessions(userId, 'password_changed', now, sessionId, tx);
      await emails.queue(tx, {
        to: current.email,
        userId,
        template: 'password_changed',
        data: { name: current.name, at: now },
      });
    });
    this.deps.liveSessions?.forgetUser(userId);
  }

  async listSessions(principal: Principal | null) {
    const { userId, sessionId } = MeService.userOf(principal);
    const rows = await this.deps.sessions.listLiveSessions(userId, this.deps.clock.now());
    return {
      items: rows.map((row) => ({
        id: row.id,
        userAgent: row.userAgent,
        device: describeDevice(row.userAgent),
        ip: row.ip,
        createdAt: row.createdAt.toISOString(),
        lastUsedAt: row.lastUsedAt.toISOString(),
        current: row.id === sessionId,
      })),
    };
  }

  /** Ends one of the caller's own sessions; someone else's session is simply "not found". */
  async revokeSession(principal: Principal | null, id: string): Promise<void> {
    const { userId } = MeService.userOf(principal);
    const result = await this.deps.sessions.revokeSession(id, userId, 'user_revoked', this.deps.clock.now());
    this.deps.liveSessions?.forgetSession(id);
    if (Number(result.numUpdatedRows) !== 1) throw notFound('Session');
  }
}
