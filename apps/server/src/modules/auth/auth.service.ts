import { createHmac } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import { randomToken, sha256 } from '../../platform/crypto.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import type { AccountsRepository } from '../accounts/accounts.repository.ts';
import { passwordHasher } from '../accounts/password-hasher.ts';
import { passwordProblems } from '../accounts/password.policy.ts';
import type { Role } from '../accounts/permissions.ts';
import type { AccessTokens } from './access-token.ts';
import type { AccountEmails, CaptchaVerifier, LoginGuard, RequestContext } from './auth.ports.ts';
import { toUserView, type UserView } from './user-view.ts';
import {
  decideRefresh,
  deviceLabel,
  EMAIL_VERIFICATION_TTL_MS,
  REFRESH_TOKEN_TTL_MS,
} from './session.policy.ts';
import type { SessionsRepository } from './sessions.repository.ts';
import type { LiveSessions } from './live-sessions.ts';
import { checkSecondFactor } from './second-factor.ts';
import { failedAttempt, tooManyFailures } from './login-refusals.ts';

export interface SignedIn {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: UserView;
}

export interface AuthServiceDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  config: Config;
  accounts: AccountsRepository;
  sessions: SessionsRepository;
  accessTokens: AccessTokens;
  emails: AccountEmails;
  loginGuard: LoginGuard;
  captcha: CaptchaVerifier;
  jobs: Pick<Jobs, 'send'>;
  /**
   * The in-memory live sessions (live-sessions.ts). The database's notifications keep it right
   * in every process; this process also tells it at once, after commit, about sessions it starts
   * (so the requests that follow need not ask) and ends (so the very next request from the same
   * client is refused even if the notification is still on its way).
   */
  liveSessions?: Pick<LiveSessions, 'mark' | 'remember' | 'forgetSession' | 'forgetUser'>;
}

/** A session started inside a transaction, to remember once it committed. */
interface StartedSession {
  session?: { sessionId: string; userId: string; roles: Role[]; expiresAt: Date };
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

function invalidPassword(problems: string[], field = 'body.password'): DomainError {
  return new DomainError('validation_failed', `The password ${problems.join(', ')}.`, {
    errors: problems.map((reason) => ({ field, reason })),
  });
}

/**
 * Sign-up, login, refresh, logout, email verification and password reset. Anonymous callers
 * by nature: each method checks what the caller proves (a password, an emailed token, a
 * refresh token) before changing anything.
 */
export class AuthService {
  constructor(private readonly deps: AuthServiceDeps) {}

  async register(
    input: { email: string; password: string; name: string; role: Extract<Role, 'student' | 'instructor'> },
    context: RequestContext,
  ): Promise<SignedIn> {
    const email = normalizeEmail(input.email);
    const problems = passwordProblems(input.password, { email, name: input.name });
    if (problems.length > 0) throw invalidPassword(problems);
    const passwordHash = await passwordHasher.hash(input.password);
    const { clock, ids, accounts, config } = this.deps;

    const mark = this.deps.liveSessions?.mark() ?? 0;
    const started: StartedSession = {};
    const signedIn = await this.deps.db.transaction().execute(async (tx) => {
      if (await accounts.emailExists(email, tx)) {
        throw new DomainError('conflict', 'An account with this email already exists. Log in or reset your password.', {
          errors: [{ field: 'body.email', reason: 'is already registered' }],
        });
      }
      const userId = ids();
      await accounts.insertUser({ id: userId, email, name: input.name.trim(), passwordHash, roles: [input.role] }, tx);
      const verifyToken = await this.issueEmailToken(tx, userId, 'verify_email', EMAIL_VERIFICATION_TTL_MS);
      await this.deps.emails.queue(tx, {
        to: email,
        userId,
        template: 'welcome',
        data: { name: input.name.trim(), token: verifyToken },
      });
      await this.deps.sessions.rememberDevice(userId, this.deviceHash(context), clock.now(), tx);
      return this.startSession(tx, userId, context, started);
    });
    this.rememberStarted(started, mark);
    return signedIn;
  }

  async login(
    input: { email: string; password: string; totpCode?: string; backupCode?: string; captchaToken?: string },
    context: RequestContext,
  ): Promise<SignedIn> {
    const email = normalizeEmail(input.email);
    const attempt = { email, ip: context.ip };
    const { loginGuard, accounts, clock } = this.deps;

    const ticket = await loginGuard.reserve(attempt);
    const risk = ticket.assessment;
    if (risk.lockedForMs > 0 || risk.delayMs > 0) {
      await ticket.release();
      throw tooManyFailures(risk);
    }
    if (risk.captchaRequired) {
      const captcha = input.captchaToken ? await this.deps.captcha.verify(input.captchaToken, context.ip) : null;
      if (!captcha?.success) {
        await ticket.release();
        throw new DomainError(
          'captcha_required',
          captcha ? 'The CAPTCHA was not accepted. Please try again.' : 'Please complete the CAPTCHA to continue.',
        );
      }
    }

    const user = await accounts.findCredentialsByEmail(email);
    const passwordOk = user
      ? await passwordHasher.verify(user.passwordHash, input.password)
      : await passwordHasher.verifyNothing(input.password);
    if (!user || !passwordOk) throw failedAttempt(await ticket.fail(), 'Email or password is incorrect.');

    const mark = this.deps.liveSessions?.mark() ?? 0;
    const started: StartedSession = {};
    const signedIn = await this.deps.db.transaction().execute(async (tx) => {
      if (user.totpEnabledAt) {
        if (!input.totpCode && !input.backupCode) {
          // The next step of this attempt, not a failure: the password was right.
          await ticket.release();
          throw new DomainError('totp_required', 'Enter the 6-digit code from your authenticator app, or a backup code.');
        }
        const locked = await accounts.findCredentialsById(user.id, tx);
        const accepted = await checkSecondFactor(
          { ...this.deps, tx },
          { userId: user.id, secretEncrypted: locked!.totpSecretEncrypted!, lastStep: locked!.totpLastStep },
          input,
        );
        if (!accepted) {
          throw failedAttempt(
            await ticket.fail(),
            input.backupCode ? 'That backup code is not valid or was already used.' : 'That authentication code is not valid. Enter the current code from your authenticator app.',
            'invalid_second_factor',
            input.backupCode ? 'body.backupCode' : 'body.totpCode',
          );
        }
      }
      await ticket.succeed();
      // The very first login of an account has nothing to compare with: only later new devices are news.
      const { count: knownDevices } = await this.deps.sessions.countKnownDevices(user.id, tx);
      const isNewDevice = await this.deps.sessions.rememberDevice(user.id, this.deviceHash(context), clock.now(), tx);
      if (isNewDevice && knownDevices > 0) {
        await this.deps.emails.queue(tx, {
          to: user.email,
          userId: user.id,
          template: 'new_device_login',
          data: { name: user.name, at: clock.now(), ip: context.ip, userAgent: context.userAgent },
        });
      }
      return this.startSession(tx, user.id, context, started);
    });
    this.rememberStarted(started, mark);
    return signedIn;
  }

  /** Rotates the refresh token. A token used again after rotation revokes its session. */
  async refresh(refreshToken: string | undefined, context: RequestContext): Promise<SignedIn> {
    if (!refreshToken) throw new DomainError('unauthenticated', 'You are not signed in.');
    const { clock, sessions, ids } = this.deps;
    const mark = this.deps.liveSessions?.mark() ?? 0;
    const outcome = await this.deps.db.transaction().execute(async (tx) => {
      const now = clock.now();
      const found = await sessions.findRefreshTokenForUpdate(sha256(refreshToken), tx);
      const decision = decideRefresh(
        found ? { rotatedAt: found.rotatedAt } : undefined,
        found ? { revokedAt: found.revokedAt, expiresAt: found.expiresAt } : undefined,
        now,
      );
      if (decision.action === 'reject') return { ok: false as const, reason: decision.reason };
      if (decision.action === 'revoke_session') {
        await sessions.revokeSession(found!.sessionId, found!.userId, 'reuse_detected', now, tx);
        return { ok: false as const, reason: 'reuse_detected', sessionId: found!.sessionId };
      }
      const next = this.successorOf(refreshToken);
      if (decision.action === 'resend_successor') {
        // A parallel tab within the grace: the same successor, not a second chain of tokens.
        const successor = await sessions.findRefreshTokenForUpdate(sha256(next), tx);
        if (successor?.sessionId !== found!.sessionId) return { ok: false as const, reason: 'unknown' };
      } else {
        await sessions.markRotated(found!.tokenId, now, tx);
        await sessions.insertRefreshToken({ id: ids(), sessionId: found!.sessionId, tokenHash: sha256(next), createdAt: now }, tx);
      }
      await sessions.touchSession(found!.sessionId, now, context.ip, tx);
      return { ok: true as const, userId: found!.userId, sessionId: found!.sessionId, refreshToken: next, expiresAt: found!.expiresAt };
    });
    if (!outcome.ok) {
      if (outcome.reason === 'reuse_detected') this.deps.liveSessions?.forgetSession(outcome.sessionId!);
      throw new DomainError(
        'unauthenticated',
        outcome.reason === 'reuse_detected'
          ? 'This sign-in was ended because its token was used twice. Please log in again.'
          : 'Your session has ended. Please log in again.',
      );
    }
    const user = await this.deps.accounts.findUserById(outcome.userId);
    // Roles read after the commit; anything invalidated since `mark` (a role change) keeps it from being stored.
    this.deps.liveSessions?.remember({ sessionId: outcome.sessionId, userId: outcome.userId, roles: user!.roles, expiresAt: outcome.expiresAt }, mark, clock.now());
    const access = await this.deps.accessTokens.sign({ userId: outcome.userId, sessionId: outcome.sessionId, roles: user!.roles });
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: outcome.refreshToken,
      refreshTokenExpiresAt: outcome.expiresAt,
      user: toUserView(user!),
    };
  }

  async logout(refreshToken: string | undefined): Promise<void> {
    if (!refreshToken) return;
    const { clock, sessions } = this.deps;
    const ended = await this.deps.db.transaction().execute(async (tx) => {
      const found = await sessions.findRefreshTokenForUpdate(sha256(refreshToken), tx);
      if (found) await sessions.revokeSession(found.sessionId, found.userId, 'logout', clock.now(), tx);
      return found?.sessionId;
    });
    if (ended) this.deps.liveSessions?.forgetSession(ended);
  }

  /** Verifies the email; a link opened again once the email is verified says so instead of failing. */
  async verifyEmail(token: string): Promise<{ alreadyVerified: boolean }> {
    const { accounts, clock } = this.deps;
    return this.deps.db.transaction().execute(async (tx) => {
      const found = await accounts.findEmailTokenForUpdate(sha256(token), 'verify_email', tx);
      const now = clock.now();
      if (found && (found.usedAt || found.expiresAt <= now) && (await accounts.findUserById(found.userId, tx))?.emailVerifiedAt) {
        return { alreadyVerified: true };
      }
      if (!found || found.usedAt || found.expiresAt <= now) {
        throw new DomainError('gone', 'This verification link is invalid or has expired. Request a new one from your account page.');
      }
      await accounts.markEmailTokenUsed(found.id, now, tx);
      await accounts.updateUser(found.userId, { emailVerifiedAt: now }, tx);
      return { alreadyVerified: false };
    });
  }

  async resendVerification(userId: string): Promise<void> {
    const { accounts, clock, config } = this.deps;
    await this.deps.db.transaction().execute(async (tx) => {
      const user = await accounts.findUserById(userId, tx);
      if (!user) throw new DomainError('not_found', 'Account not found');
      if (user.emailVerifiedAt) throw new DomainError('conflict', 'Your email is already verified.');
      await accounts.expireUnusedEmailTokens(userId, 'verify_email', clock.now(), tx);
      const token = await this.issueEmailToken(tx, userId, 'verify_email', EMAIL_VERIFICATION_TTL_MS);
      await this.deps.emails.queue(tx, {
        to: user.email,
        userId,
        template: 'verify_email',
        data: { name: user.name, token },
      });
    });
  }

  /**
   * Always the same work, whether or not the email has an account: one job queued, which does
   * the lookup and the emailing (password-reset.jobs.ts). Doing them here made known emails
   * measurably slower to answer than unknown ones.
   */
  async requestPasswordReset(rawEmail: string): Promise<void> {
    await this.deps.jobs.send('auth.password_reset_requested', { email: normalizeEmail(rawEmail) });
  }

  async confirmPasswordReset(token: string, password: string): Promise<void> {
    const { accounts, sessions, clock } = this.deps;
    const passwordHash = await passwordHasher.hash(password);
    const userId = await this.deps.db.transaction().execute(async (tx) => {
      const found = await accounts.findEmailTokenForUpdate(sha256(token), 'password_reset', tx);
      const now = clock.now();
      if (!found || found.usedAt || found.expiresAt <= now) {
        throw new DomainError('gone', 'This reset link is invalid, already used or expired. Request a new one.');
      }
      const user = (await accounts.findUserById(found.userId, tx))!;
      const problems = passwordProblems(password, { email: user.email, name: user.name });
      if (problems.length > 0) throw invalidPassword(problems);
      await accounts.markEmailTokenUsed(found.id, now, tx);
      // Whoever opened the emailed link controls the inbox: the email is verified too.
      await accounts.updateUser(user.id, { passwordHash, passwordChangedAt: now, ...(user.emailVerifiedAt ? {} : { emailVerifiedAt: now }) }, tx);
      await sessions.revokeAllSessions(user.id, 'password_reset', now, null, tx);
      await this.deps.emails.queue(tx, {
        to: user.email,
        userId: user.id,
        template: 'password_reset_confirmation',
        data: { name: user.name, at: now },
      });
      return user.id;
    });
    this.deps.liveSessions?.forgetUser(userId);
  }

  private async issueEmailToken(tx: Tx, userId: string, purpose: 'verify_email' | 'password_reset', ttlMs: number): Promise<string> {
    const token = randomToken();
    await this.deps.accounts.insertEmailToken(
      { id: this.deps.ids(), userId, purpose, tokenHash: sha256(token), expiresAt: new Date(this.deps.clock.nowMs() + ttlMs) },
      tx,
    );
    return token;
  }

  /**
   * The token a refresh token rotates to: a keyed hash of it, so a replay within the grace
   * period can be answered with the very same successor without storing any token in clear.
   * Only a holder of the predecessor and the server's secret can compute it.
   */
  private successorOf(refreshToken: string): string {
    return createHmac('sha256', this.deps.config.JWT_SECRET!).update(`refresh-successor\0${refreshToken}`).digest('base64url');
  }

  private deviceHash(context: RequestContext): string {
    return sha256(deviceLabel(context.userAgent));
  }

  /** After the transaction that started a session committed. */
  private rememberStarted(started: StartedSession, mark: number): void {
    if (started.session) this.deps.liveSessions?.remember(started.session, mark, this.deps.clock.now());
  }

  private async startSession(tx: Tx, userId: string, context: RequestContext, started: StartedSession): Promise<SignedIn> {
    const { clock, ids, sessions, accounts } = this.deps;
    const now = clock.now();
    const sessionId = ids();
    const expiresAt = new Date(now.getTime() + REFRESH_TOKEN_TTL_MS);
    await sessions.insertSession(
      {
        id: sessionId,
        userId,
        userAgent: context.userAgent.slice(0, 500),
        ip: context.ip,
        deviceHash: this.deviceHash(context),
        createdAt: now,
        lastUsedAt: now,
        expiresAt,
      },
      tx,
    );
    const refreshToken = randomToken();
    await sessions.insertRefreshToken({ id: ids(), sessionId, tokenHash: sha256(refreshToken), createdAt: now }, tx);
    const user = (await accounts.findUserById(userId, tx))!;
    const access = await this.deps.accessTokens.sign({ userId, sessionId, roles: user.roles });
    started.session = { sessionId, userId, roles: user.roles, expiresAt };
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      refreshTokenExpiresAt: expiresAt,
      user: toUserView(user),
    };
  }
}
