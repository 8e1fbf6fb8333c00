import compress from '@fastify/compress';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import { availabilityModule, availabilitySignal } from './modules/availability/availability.module.ts';
import { CatalogRepository } from './modules/catalog/catalog.repository.ts';
import { catalogRoutes } from './modules/catalog/catalog.routes.ts';
import { CatalogService } from './modules/catalog/catalog.service.ts';
import { devEchoJob } from './modules/dev/dev-echo.job.ts';
import { devRoutes } from './modules/dev/dev.routes.ts';
import { localStripeDevRoutes } from './modules/dev/local-stripe.routes.ts';
import { devClockModule } from './modules/dev/dev-clock.module.ts';
import { createCaptcha } from './integrations/captcha/captcha.adapter.ts';
import { createAccountsModule, registerAccountJobs } from './modules/accounts/accounts.module.ts';
import { createInstructorsModule } from './modules/instructors/instructors.module.ts';
import { createDiscoveryModule } from './modules/discovery/discovery.module.ts';
import { registerDiscoveryJobs } from './modules/discovery/discovery.jobs.ts';
import { createGeocoder } from './integrations/geocoding/geocoding.adapter.ts';
import { createMediaUrlSigner, createStorage } from './integrations/storage/storage.adapter.ts';
import { mediaRoutes } from './integrations/storage/media.routes.ts';
import { createGeoModule } from './modules/geo/geo.module.ts';
import { createLedgerModule } from './modules/ledger/ledger.module.ts';
import type { LocalStripe } from '@instainstru/local-stripe';
import { createPayments, type PaymentsIntegration } from './integrations/payments/payments.adapter.ts';
import { StripeBalanceTransactions } from './integrations/payments/stripe-balance-transactions.ts';
import { reconcileLedgerJob } from './modules/ledger/ledger.jobs.ts';
import { stripeEventReader } from './integrations/payments/stripe-payments.adapter.ts';
import { createPayoutsModule, registerPayoutsJobs, registerPayoutsWebhookHandlers } from './modules/payouts/payouts.module.ts';
import { createIdentityModule, registerIdentityWebhookHandlers } from './modules/identity/identity.module.ts';
import { PaymentMethodsService } from './modules/payments/payment-methods.service.ts';
import { paymentMethodsRoutes } from './modules/payments/payment-methods.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { WebhookHandlerRegistry } from './modules/payments/webhooks/webhook-handlers.ts';
import { paymentWebhookRoutes, registerPaymentWebhookJobs } from './modules/payments/webhooks/webhooks.module.ts';
import { localDeliveryDevRoutes, registerLocalStripeJobs, type LocalDeliveryOptions } from './modules/payments/local-delivery/local-delivery.module.ts';
import { createSearchModule } from './modules/search/search.module.ts';
import { createBookingsModule, registerBookingJobs, registerBookingWebhookHandlers } from './modules/bookings/bookings.module.ts';
import { createCalendarModule } from './modules/calendar/calendar.module.ts';
import { createBookingChangesModule, registerBookingChangeJobs } from './modules/bookings/booking-changes.module.ts';
import { createTipsRefundsModule, registerTipsRefundsJobs } from './modules/bookings/tips-refunds.module.ts';
import { loadLearnedAliases } from './modules/discovery/learning.repository.ts';
import { createNotifications, registerNotificationJobs } from './modules/notifications/notifications.module.ts';
import { phoneRoutes } from './modules/phone/phone.routes.ts';
import { createPhoneService } from './modules/phone/phone.service.ts';
import { HealthService } from './modules/health/health.service.ts';
import type { Clock } from './platform/clock.ts';
import type { Coordination } from './platform/coordination.ts';
import type { Database } from './platform/db/database.ts';
import { requireAccessDeclarations } from './platform/http/access.ts';
import { registerMetricsEndpoint, registerRequestMetrics } from './platform/http/metrics-routes.ts';
import { registerOpenApi } from './platform/http/openapi.ts';
import { registerCsrfProtection } from './platform/http/csrf.ts';
import { registerAuthentication } from './platform/http/authenticate.ts';
import { registerCors } from './platform/http/cors.ts';
import { clientErrorHandler, registerProblemShapeForPluginErrors } from './platform/http/framework-errors.ts';
import { registerInputGuard } from './platform/http/input-guard.ts';
import { handleFrameworkError, registerProblemHandler } from './platform/http/problem.ts';
import { registerHumanZodMessages } from './platform/http/zod-messages.ts';
import { OneLineRequestLog } from './platform/http/request-log.ts';
import { registerSecurityHeaders } from './platform/http/security-headers.ts';
import { registerDefaultCacheControl, ResponseCache } from './platform/http/response-cache.ts';
import { registerRateLimiting } from './platform/http/rate-limit.ts';
import { registerWebApp } from './platform/http/web-app.ts';
import { registerTraceHeader, traceIdGenerator } from './platform/http/trace.ts';
import { fastifyTrustProxy } from './platform/http/trust-proxy.ts';
import type { IdGenerator } from './platform/ids.ts';
import type { Jobs } from './platform/jobs/jobs.ts';
import { activeSchedules, SCHEDULES } from './platform/jobs/schedules.ts';
import { MemoryLocks } from './platform/lock/lock.memory.ts';
import { loggerOptions } from './platform/logging.ts';
import type { Metrics } from './platform/metrics.ts';
import { VERSION } from './version.ts';

export const API_PREFIX = '/api/v1';

/**
 * With Stripe itself the card form is Stripe.js (Elements, and 3-D Secure in Stripe's frames),
 * loaded from Stripe as its security guide requires; with the local Stripe nothing leaves our origin.
 */
const STRIPE_JS_SOURCES = (config: Config) =>
  config.payments.provider === 'stripe'
    ? {
        script: ['https://js.stripe.com', 'https://*.js.stripe.com'],
        frame: ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
        connect: ['https://api.stripe.com'],
        img: ['https://*.stripe.com'],
      }
    : { script: [], frame: [], connect: [], img: [] };

/** Where the local Stripe delivers its events: our own webhook endpoint, at the public URL. */
const stripeWebhookUrl = (config: Pick<Config, 'PUBLIC_URL'>) => `${config.PUBLIC_URL}${API_PREFIX}/payments/webhooks/stripe`;

declare module 'fastify' {
  interface FastifyInstance {
    /** The local Stripe when payments run on it (no STRIPE_SECRET_KEY), else null. */
    localStripe: LocalStripe | null;
  }
}

export interface AppDeps {
  config: Config;
  clock: Clock;
  ids: IdGenerator;
  database: Database;
  coordination: Coordination;
  jobs: Jobs;
  metrics: Metrics;
  /** Where the built web app is; omitted in API-only tests. */
  webDistDir?: string;
}

/**
 * Registers every module's job handlers (before jobs.start in main, or in tests). Modules that
 * react to Stripe events register their handlers on `webhookHandlers` here (tests may pass a
 * registry holding handlers of their own).
 */
export async function registerJobHandlers(
  deps: Pick<AppDeps, 'config' | 'clock' | 'ids' | 'database' | 'jobs' | 'metrics'> & Partial<Pick<AppDeps, 'coordination'>>,
  options: {
    webhookHandlers?: WebhookHandlerRegistry;
    localStripe?: LocalDeliveryOptions & { onError?: (error: unknown) => void };
    /** Told when the daily reconciliation finds differences (main.ts logs them). */
    onReconciliationDifferences?: (count: number, runId: string) => void;
  } = {},
): Promise<void> {
  if (deps.config.devTools) await deps.jobs.register(devEchoJob(deps.database.db, deps.clock));
  await registerNotificationJobs({ ...deps, db: deps.database.db });
  await registerAccountJobs({ ...deps, db: deps.database.db, emails: createNotifications({ ...deps, db: deps.database.db }).emails });
  await registerDiscoveryJobs({ ...deps, db: deps.database.db });
  const webhookHandlers = options.webhookHandlers ?? new WebhookHandlerRegistry();
  // With the local Stripe only: its events delivered to our endpoint, its clock swept on ours.
  await registerLocalStripeJobs(
    { ...deps, db: deps.database.db, endpointUrl: stripeWebhookUrl(deps.config) },
    options.localStripe,
  );
  const payments = await createPayments(deps.config, { db: deps.database.db, clock: deps.clock });
  const books = createLedgerModule({ ...deps, db: deps.database.db, provider: balanceTransactionsOf(deps.config, payments) });
  registerPayoutsWebhookHandlers(webhookHandlers, { reader: stripeEventReader, clock: deps.clock, ledger: books.ledger });
  registerIdentityWebhookHandlers(webhookHandlers, { reader: stripeEventReader, clock: deps.clock });
  registerBookingWebhookHandlers(webhookHandlers, { reader: stripeEventReader, clock: deps.clock, emails: createNotifications({ ...deps, db: deps.database.db }).emails });
  await registerPaymentWebhookJobs({ ...deps, db: deps.database.db, handlers: webhookHandlers });
  await deps.jobs.register(reconcileLedgerJob(books.reconciliations, options.onReconciliationDifferences ?? (() => {})));
  // The API's locks (main passes them); tests and benches without coordination run one process.
  const locks = deps.coordination?.locks ?? new MemoryLocks(deps.clock);
  await registerPayoutsJobs(deps.jobs, { db: deps.database.db, payments: payments.port, clock: deps.clock, ledger: books.ledger, locks });
  await registerBookingJobs({
    db: deps.database.db,
    clock: deps.clock,
    payments: payments.port,
    jobs: deps.jobs,
    pubsub: deps.coordination?.pubsub,
    ledger: books.ledger,
    emails: createNotifications({ ...deps, db: deps.database.db }).emails,
    // Redis-backed where coordination is configured; the row lock alone serializes otherwise.
    locks: deps.coordination?.locks,
  });
  await registerBookingChangeJobs({ db: deps.database.db, clock: deps.clock, ids: deps.ids, payments: payments.port, ledger: books.ledger, jobs: deps.jobs, pubsub: deps.coordination?.pubsub, emails: createNotifications({ ...deps, db: deps.database.db }).emails });
  await registerTipsRefundsJobs({ db: deps.database.db, clock: deps.clock, ids: deps.ids, payments: payments.port, ledger: books.ledger, jobs: deps.jobs });
}

/** The provider's balance transactions for reconciliation, through the same connection as the payments adapter. */
function balanceTransactionsOf(config: Pick<Config, 'payments'>, payments: PaymentsIntegration): StripeBalanceTransactions {
  return new StripeBalanceTransactions({ secretKey: config.payments.secretKey, ...(payments.local ? { fetch: payments.local.fetch } : {}) });
}

/** Puts every recurring job whose feature exists on its schedule (PRODUCT.md §11). */
export async function startSchedules(jobs: Jobs): Promise<void> {
  for (const spec of activeSchedules(SCHEDULES, jobs.registeredNames())) await jobs.schedule(spec);
}

/** Builds the HTTP application; the caller owns the dependencies' lifecycle. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: loggerOptions(config),
    genReqId: traceIdGenerator(deps.ids),
    requestIdHeader: false,
    trustProxy: fastifyTrustProxy(config.TRUST_PROXY),
    bodyLimit: 1024 * 1024,
    frameworkErrors: handleFrameworkError,
    clientErrorHandler,
    logController: new OneLineRequestLog(),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  registerHumanZodMessages();
  app.setSerializerCompiler(serializerCompiler);

  const notifications = createNotifications({ ...deps, db: deps.database.db });
  const accounts = await createAccountsModule({
    ...deps,
    emails: notifications.emails,
    captcha: createCaptcha(config, { clock: deps.clock }),
    onListenerError: (error) => app.log.warn({ err: error }, 'live sessions not heard from the database; sessions are checked there on every request until it listens again'),
  });
  app.addHook('onClose', () => accounts.close());

  registerTraceHeader(app);
  // First of the request hooks: a request refused by a later one (401, 403, 413, 429) still carries them.
  registerSecurityHeaders(app, {
    // Scalar's docs page runs an inline bootstrap script; the web app itself needs none.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'", ...STRIPE_JS_SOURCES(config).script],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...STRIPE_JS_SOURCES(config).img],
        connectSrc: ["'self'", ...STRIPE_JS_SOURCES(config).connect],
        frameSrc: ["'self'", ...STRIPE_JS_SOURCES(config).frame],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.isProduction ? [] : null,
      },
    },
    hsts: config.isProduction ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  registerProblemHandler(app);
  registerProblemShapeForPluginErrors(app);
  registerInputGuard(app);
  registerAuthentication(app, accounts.authenticate);
  registerCsrfProtection(app, config);
  // Before any route: it attaches each route's limits as that route is registered.
  registerRateLimiting(app, { coordination: deps.coordination, config, clock: deps.clock });
  requireAccessDeclarations(app);
  registerRequestMetrics(app, deps.metrics);

  registerCors(app, {
    isAllowed: (origin) => !origin || config.CORS_ORIGINS.includes(origin),
    exposedHeaders: ['X-Trace-ID', 'ETag', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
  });
  await app.register(compress, { threshold: 1024 });
  await registerOpenApi(app, config);

  const responses = new ResponseCache({ clock: deps.clock, pubsub: deps.coordination.pubsub, onError: (error) => app.log.warn({ err: error }, 'cache invalidation not published') });
  await responses.start();
  app.addHook('onClose', () => responses.close());
  registerDefaultCacheControl(app, API_PREFIX);
  const catalog = new CatalogService(new CatalogRepository(deps.database.db));
  const health = new HealthService({ ...deps, version: VERSION });
  // Stripe itself with STRIPE_SECRET_KEY, else the local Stripe on this database and Clock (the same adapter either way).
  const payments = await createPayments(config, { db: deps.database.db, clock: deps.clock });
  // The books: `ledger.ledger.post(trx, posting)` for the modules that move money, the admin routes, reconciliation.
  const ledger = createLedgerModule({ db: deps.database.db, clock: deps.clock, ids: deps.ids, provider: balanceTransactionsOf(config, payments) });
  // Development tools and tests reach the local Stripe's hosted pages (3-D Secure, onboarding) through it.
  app.decorate('localStripe', payments.local);
  // Instructors' payout accounts and identity checks: their routes, and the checklist's signals.
  const payouts = createPayoutsModule({ db: deps.database.db, payments: payments.port, clock: deps.clock, ids: deps.ids, ledger: ledger.ledger, locks: deps.coordination.locks, webAppUrl: config.PUBLIC_URL });
  const identity = createIdentityModule({ db: deps.database.db, payments: payments.port, clock: deps.clock, ids: deps.ids, webAppUrl: config.PUBLIC_URL });

  await app.register(
    async (api) => {
      await api.register(healthRoutes(health, config));
      await api.register(catalogRoutes(catalog, responses));
      if (config.devTools) {
        await api.register(devRoutes({ db: deps.database.db, jobs: deps.jobs }));
        await api.register(devClockModule({ db: deps.database.db, clock: deps.clock, jobs: deps.jobs }));
        const localDelivery = await localDeliveryDevRoutes({ ...deps, db: deps.database.db, endpointUrl: stripeWebhookUrl(config) });
        if (localDelivery) await api.register(localDelivery);
      }
      if (config.devTools && payments.local) await api.register(localStripeDevRoutes({ local: payments.local, secretKey: config.payments.secretKey }));
      for (const routes of accounts.routes) await api.register(routes);
      await api.register(paymentWebhookRoutes({ ...deps, db: deps.database.db }));
      await api.register(paymentMethodsRoutes(new PaymentMethodsService({ db: deps.database.db, payments: payments.port, clock: deps.clock, ids: deps.ids })));
      await api.register(payouts.routes);
      await api.register(identity.routes);
      await api.register(phoneRoutes(createPhoneService({ ...deps, db: deps.database.db })));
      for (const routes of notifications.devRoutes) await api.register(routes);
      await api.register(availabilityModule({ db: deps.database.db, clock: deps.clock, responses }));
      const geo = createGeoModule({ db: deps.database.db, config, responses });
      await api.register(geo.routes);
      const storage = createStorage(config, deps);
      await api.register(mediaRoutes({ storage, signer: createMediaUrlSigner(config, deps) }));
      const instructors = createInstructorsModule({
        db: deps.database.db,
        clock: deps.clock,
        ids: deps.ids,
        storage,
        geocoder: createGeocoder(config, { onFailure: (error) => app.log.warn({ provider: error.provider, code: error.code }, 'geocoder failed') }),
        jitter: geo.studioJitter,
        availability: availabilitySignal({ db: deps.database.db, clock: deps.clock }),
        serviceAreas: geo.repository,
        payouts: payouts.signal,
        identity: identity.signal,
        neighborhoods: geo.repository,
        responses,
        onCleanupError: (error, keys) => app.log.warn({ err: error, keys }, 'could not remove replaced photo objects'),
      });
      for (const routes of instructors.routes) await api.register(routes);
      const discovery = createDiscoveryModule({
        db: deps.database.db,
        clock: deps.clock,
        ids: deps.ids,
        storage,
        onRecordError: (error) => app.log.warn({ err: error }, 'search event not recorded'),
      });
      await api.register(discovery.routes);
      // Searches being recorded are written before the caller closes the database.
      api.addHook('onClose', () => discovery.searchEvents.flush());
      // Searches by signed-in users become their history (and feed alias learning): the search module reports, discovery stores.
      const search = createSearchModule({
        db: deps.database.db,
        clock: deps.clock,
        storage,
        recorder: discovery.searchEvents,
        pageCache: { responses, seconds: config.SEARCH_CACHE_SECONDS },
        learnedAliases: () => loadLearnedAliases(deps.database.db),
        llm: {
          config,
          cache: deps.coordination.cache,
          metrics: deps.metrics,
          onLlmFailure: (failure, detail) => app.log.warn({ failure, detail }, 'search LLM gave no usable answer; the fast parse was used'),
        },
        onVocabularyError: (error) => app.log.warn({ err: error }, 'learned place aliases not loaded; the vocabulary in use stays'),
      });
      api.addHook('onClose', async () => search.close());
      await api.register(search.routes);
      await api.register(ledger.routes);
      const bookings = createBookingsModule({ db: deps.database.db, clock: deps.clock, ids: deps.ids, payments: payments.port, geocoder: createGeocoder(config), places: geo.repository, responses, emails: notifications.emails, locks: deps.coordination.locks });
      await api.register(bookings.routes);
      const calendar = createCalendarModule({ db: deps.database.db, clock: deps.clock, encryptionKey: config.ENCRYPTION_KEY, publicUrl: config.PUBLIC_URL, feedUrlBase: `${config.PUBLIC_URL}${API_PREFIX}/calendar` });
      await api.register(calendar.routes);
      await api.register(createBookingChangesModule({ db: deps.database.db, clock: deps.clock, ids: deps.ids, payments: payments.port, ledger: ledger.ledger, responses, emails: notifications.emails, locks: deps.coordination.locks }).routes);
      await api.register(createTipsRefundsModule({ db: deps.database.db, clock: deps.clock, ids: deps.ids, payments: payments.port, ledger: ledger.ledger }).routes);
      // Module routes are registered above this line.
    },
    { prefix: API_PREFIX },
  );

  // Development: the local OAuth issuer, so `npm start` can print the machine client's credentials.
  app.decorate('localOAuthIssuer', accounts.localIssuer);
  registerMetricsEndpoint(app, deps.metrics, config);
  deps.jobs.collectMetrics(deps.metrics);
  await registerWebApp(app, deps.webDistDir, { devTools: config.devTools });

  return app;
}
