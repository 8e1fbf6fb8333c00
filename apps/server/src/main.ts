/**
 * `npm start`: one process with everything — migrations and reference data, demo data on a
 * fresh development database, the API, the job workers and the web app.
 */
import { buildApp, registerJobHandlers, startSchedules } from './app.ts';
import { assertServableMode, ConfigError, loadConfig, type Config } from './config.ts';
import { DEV_OAUTH_CLIENT_ID, type LocalOAuthIssuer } from './modules/auth/machine-tokens.ts';
import { prepareOnce } from './db/prepare.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from './modules/accounts/demo-accounts.ts';
import { seedDemoInstructors } from './modules/demo/demo-instructors.seed.ts';
import { onboardDemoPayouts } from './modules/demo/demo-payouts.seed.ts';
import { createPayments } from './integrations/payments/payments.adapter.ts';
import { createStorage } from './integrations/storage/storage.adapter.ts';
import { clockFor, readClockOffset } from './platform/time-travel.ts';
import { DataDirInUseError } from './platform/db/data-dir-lock.ts';
import { openRuntime, WEB_DIST_DIR, type Runtime } from './runtime.ts';

/** Demo logins and ~200 demo instructors (with photos) on a development database; nothing in production. */
export async function seedDemoData(config: Config, runtime: Pick<Runtime, 'database' | 'ids' | 'clock'>) {
  if (!config.DEMO_DATA || config.isProduction) return { demoAccounts: [], demoInstructors: { created: 0 } };
  const { db } = runtime.database;
  const demoAccounts = await seedDemoAccounts({ db, ids: runtime.ids, clock: runtime.clock });
  const storage = createStorage(config, { clock: runtime.clock });
  const demoInstructors = await seedDemoInstructors({ db, ids: runtime.ids, clock: runtime.clock, storage });
  // Publishing needs payouts and identity: the demo instructors get both at the local Stripe.
  const payments = await createPayments(config, { db, clock: runtime.clock });
  await onboardDemoPayouts({ db, clock: runtime.clock, payments: payments.port, localStripe: payments.local });
  return { demoAccounts, demoInstructors };
}

export async function startServer(config: Config, options: { work: boolean; serveWeb: boolean }) {
  assertServableMode(config);
  const started = performance.now();
  const runtime = await openRuntime(config, { work: options.work, clock: clockFor(config), logger: console });
  // Under one lock with the other processes starting now (two APIs and a worker, say).
  const prepared = await prepareOnce(runtime.database, runtime.ids, () => seedDemoData(config, runtime), { pubsub: runtime.coordination.pubsub });
  const { demoAccounts, demoInstructors } = prepared.then!;
  await registerJobHandlers(runtime, {
    onReconciliationDifferences: (count, runId) => console.warn(`Ledger reconciliation ${runId}: ${count} difference(s) with the payment provider (GET /api/v1/admin/ledger/reconciliations)`),
  });
  await runtime.jobs.start();
  if (options.work) await startSchedules(runtime.jobs);
  const app = await buildApp({ ...runtime, webDistDir: options.serveWeb ? WEB_DIST_DIR : undefined });
  await app.listen({ host: config.HOST, port: config.PORT });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;

  let stopping: Promise<void> | undefined;
  const stop = (signal: string) => {
    stopping ??= (async () => {
      console.log(`\n${signal} received: finishing requests and running jobs, then closing the database…`);
      const forceExit = setTimeout(() => {
        console.error('Shutdown took too long; exiting.');
        process.exit(1);
      }, 30_000);
      forceExit.unref();
      await app.close();
      await runtime.close();
      console.log('Stopped cleanly.');
    })();
    return stopping;
  };
  return { app, runtime, port, prepared, demoAccounts, demoInstructors, stop, startupMs: Math.round(performance.now() - started) };
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
    assertServableMode(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`InstaInstru cannot start.\n${error.message}\nSee README.md (Configuration) and .env.example.`);
      process.exit(1);
    }
    throw error;
  }

  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(config, { work: config.RUN_JOBS, serveWeb: true });
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      console.error(`InstaInstru cannot start.\n${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const { migrations, catalog } = server.prepared;
  const issuer = (server.app as unknown as { localOAuthIssuer: LocalOAuthIssuer | null }).localOAuthIssuer;
  const url = config.PUBLIC_URL.includes(`:${config.PORT}`) ? config.PUBLIC_URL.replace(`:${config.PORT}`, `:${server.port}`) : config.PUBLIC_URL;
  console.log(
    [
      '',
      `  InstaInstru is running at ${url}`,
      `  API docs:     ${url}/docs`,
      `  Health:       ${url}/api/v1/health`,
      `  Database:     ${server.runtime.database.description}`,
      `  Migrations:   ${migrations.applied.length} applied now, ${migrations.alreadyApplied} already in place`,
      `  Catalog:      ${catalog.categories} categories, ${catalog.services} services${catalog.changed ? ' (updated)' : ''}`,
      `  Coordination: ${server.runtime.coordination.kind === 'redis' ? `Redis${server.runtime.coordination.status() === 'degraded' ? ' (unreachable now: in-process fallbacks until it answers)' : ''}` : 'in-memory (single process)'}`,
      ...(!config.isProduction && readClockOffset(config.dataDir) !== 0
        ? [`  Clock:        time-travelled to ${server.runtime.clock.now().toISOString()} (cli time-travel reset)`]
        : []),
      ...(issuer
        ? [`  Machine client (dev OAuth, POST /api/v1/dev/oauth/token): ${DEV_OAUTH_CLIENT_ID} / ${issuer.clientSecret}`]
        : []),
      ...(server.demoInstructors.created ? [`  Demo data:    ${server.demoInstructors.created} published instructors with 8 weeks of availability`] : []),
      ...(server.demoAccounts.length
        ? [`  Demo logins (password "${DEMO_PASSWORD}"):`, ...server.demoAccounts.map((a) => `    ${a.roles[0]!.padEnd(10)} ${a.email.padEnd(38)} ${a.note}`)]
        : []),
      `  Admin:        npm run cli -w apps/server -- create-admin <email> <name>`,
      `  Started in ${(server.startupMs / 1000).toFixed(1)} s. Press Ctrl-C to stop.`,
      '',
    ].join('\n'),
  );

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.stop(signal).then(
        () => process.exit(0),
        (error) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('main.ts')) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
