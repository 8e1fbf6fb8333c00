import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.ts';
import type { CaptchaPort } from '../../integrations/captcha/captcha.port.ts';
import { permissionsOf } from './permissions.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Coordination } from '../../platform/coordination.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Authenticator } from '../../platform/http/authenticate.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import { AccountsRepository } from './accounts.repository.ts';
import { adminUsersRoutes } from './admin-users.routes.ts';
import { AdminUsersService } from './admin-users.service.ts';
import { meRoutes } from './me.routes.ts';
import { MeService } from './me.service.ts';
import { AccessTokens } from '../auth/access-token.ts';
import type { AccountEmails } from '../auth/auth.ports.ts';
import { authRoutes } from '../auth/auth.routes.ts';
import { AuthService } from '../auth/auth.service.ts';
import { devOAuthRoutes } from '../auth/dev-oauth.routes.ts';
import { LoginProtection } from '../auth/login-protection.service.ts';
import { passwordResetJob } from '../auth/password-reset.jobs.ts';
import { LocalOAuthIssuer, machineVerifierFor } from '../auth/machine-tokens.ts';
import { LIVE_SESSIONS_CHANNEL, LiveSessions } from '../auth/live-sessions.ts';
import { SessionsRepository } from '../auth/sessions.repository.ts';
import { twoFactorRoutes } from '../auth/two-factor.routes.ts';
import { TwoFactorService } from '../auth/two-factor.service.ts';

/**
 * Everything about who is calling: accounts, sessions, 2FA and machine clients, assembled
 * once per app. Returns the authenticator for the HTTP layer and the routes to register.
 */
export async function createAccountsModule(deps: {
  config: Config;
  clock: Clock;
  ids: IdGenerator;
  database: Database;
  coordination: Coordination;
  emails: AccountEmails;
  captcha: CaptchaPort;
  jobs: Jobs;
  /** The live-sessions listener failed or was lost (caching is off until it listens again). */
  onListenerError?: (error: unknown) => void;
}) {
  const { config, clock, ids, database, coordination, emails, captcha, jobs } = deps;
  const db = database.db;
  const accounts = new AccountsRepository(db);
  const sessions = new SessionsRepository(db);
  // Every authenticated request checks its session; answers are kept in memory while the
  // database's notifications can tell us when one changes (live-sessions.ts).
  const liveSessions = new LiveSessions(sessions, { onListenerError: deps.onListenerError });
  await liveSessions.start((onMessage, onLost) => database.listen(LIVE_SESSIONS_CHANNEL, onMessage, onLost));
  const accessTokens = new AccessTokens(config.JWT_SECRET!, config.PUBLIC_URL, clock);
  const loginGuard = new LoginProtection({
    cache: coordination.cache,
    clock,
    secret: config.JWT_SECRET!,
    // Without a provider there is nothing to solve: asking anyway would lock people out and let scripts through.
    captchaAvailable: captcha.mode !== 'disabled',
  });
  const auth = new AuthService({ db, clock, ids, config, accounts, sessions, accessTokens, emails, loginGuard, captcha, jobs, liveSessions });
  const me = new MeService({ db, clock, accounts, sessions, emails, liveSessions });
  const twoFactor = new TwoFactorService({ db, clock, ids, config, accounts, emails });

  // Development and tests get a local token issuer; production verifies against OAUTH_JWKS_URL.
  const localIssuer = !config.devTools ? null : await LocalOAuthIssuer.open(config, clock, { persist: config.NODE_ENV !== 'test' });
  const machines = machineVerifierFor(config, clock, localIssuer);

  const authenticate: Authenticator = async (token): Promise<Principal | null> => {
    const claims = await accessTokens.verify(token);
    if (claims) {
      const live = await liveSessions.find(claims.sessionId, claims.userId, clock.now());
      if (!live) return null;
      return { kind: 'user', userId: claims.userId, sessionId: claims.sessionId, roles: live.roles, permissions: permissionsOf(live.roles) };
    }
    const machine = await machines?.verify(token);
    return machine ? { kind: 'machine', clientId: machine.clientId, permissions: machine.permissions } : null;
  };

  const routes: FastifyPluginAsyncZod[] = [
    authRoutes({
      auth,
      config,
      clock,
      captchaConfig: () => (captcha.siteKey && captcha.mode !== 'disabled' ? { provider: 'turnstile', siteKey: captcha.siteKey, mode: captcha.mode } : null),
    }),
    meRoutes(me),
    twoFactorRoutes(twoFactor),
    adminUsersRoutes(new AdminUsersService(accounts)),
    ...(localIssuer ? [devOAuthRoutes(localIssuer)] : []),
  ];
  return { authenticate, routes, localIssuer, auth, liveSessions, close: () => liveSessions.close() };
}

/** The accounts module's jobs: registered in every process that works jobs. */
export async function registerAccountJobs(deps: { clock: Clock; ids: IdGenerator; db: Database['db']; jobs: Jobs; emails: AccountEmails }): Promise<void> {
  await deps.jobs.register(passwordResetJob({ ...deps, accounts: new AccountsRepository(deps.db) }));
}
