/**
 * `npm run cli -w apps/server -- <command>`:
 *   migrate                 apply migrations and reference data (the catalog)
 *   seed                    same as migrate, plus demo data on an empty development database
 *   api                     serve the API and web app without job workers
 *   worker                  run job workers only
 *   openapi                 write apps/server/openapi.json (then `npm run api:types`)
 *   time-travel <+3d|reset> move the development clock for the next start
 *   create-admin <email> <name>  create an administrator (password from ADMIN_PASSWORD or generated and printed once)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config.ts';
import { prepareOnce } from './db/prepare.ts';
import { seedDemoData, startServer } from './main.ts';
import { formatDocument, generateOpenApiDocument } from './openapi-document.ts';
import { parseOffset, readClockOffset, writeClockOffset } from './platform/time-travel.ts';
import { createAdmin } from './modules/accounts/create-admin.ts';
import { openRuntime } from './runtime.ts';

const OPENAPI_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../openapi.json');

async function run(command: string | undefined, args: string[]): Promise<void> {
  const config = loadConfig();
  switch (command) {
    case 'migrate':
    case 'seed': {
      const runtime = await openRuntime(config, { work: false });
      try {
        const { migrations, catalog, then: demo } = await prepareOnce(
          runtime.database,
          runtime.ids,
          async () => (command === 'seed' ? seedDemoData(config, runtime) : undefined),
          { pubsub: runtime.coordination.pubsub },
        );
        console.log(`${runtime.database.description}`);
        console.log(`Migrations: ${migrations.applied.length ? migrations.applied.join(', ') : 'none pending'} (${migrations.alreadyApplied} already applied)`);
        console.log(`Catalog: ${catalog.categories} categories, ${catalog.services} services${catalog.changed ? ' (updated)' : ' (unchanged)'}`);
        if (demo) console.log(`Demo data: ${demo.demoAccounts.length} demo logins, ${demo.demoInstructors.created} demo instructors created`);
      } finally {
        await runtime.close();
      }
      return;
    }
    case 'api':
    case 'worker': {
      const server = await startServer(config, { work: command === 'worker', serveWeb: command === 'api' });
      console.log(`${command} running on port ${server.port}`);
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => void server.stop(signal).then(() => process.exit(0)));
      }
      return;
    }
    case 'openapi': {
      fs.writeFileSync(OPENAPI_FILE, formatDocument(await generateOpenApiDocument()));
      console.log(`Wrote ${OPENAPI_FILE}`);
      return;
    }
    case 'time-travel': {
      if (config.isProduction) throw new Error('time-travel is for development only');
      const [target] = args;
      if (target === 'status' || !target) {
        console.log(`Clock offset: ${readClockOffset(config.dataDir) / 3_600_000} h`);
      } else {
        writeClockOffset(config.dataDir, target === 'reset' ? 0 : parseOffset(target));
        console.log(target === 'reset' ? 'Clock back to real time at next start.' : `Next start runs ${target} from now.`);
      }
      return;
    }
    case 'create-admin': {
      const [email, ...nameParts] = args;
      if (!email || nameParts.length === 0) throw new Error('Usage: create-admin <email> <name>');
      const runtime = await openRuntime(config, { work: false });
      try {
        await prepareOnce(runtime.database, runtime.ids, undefined, { pubsub: runtime.coordination.pubsub });
        const result = await createAdmin(runtime, { email, name: nameParts.join(' '), password: process.env.ADMIN_PASSWORD });
        console.log(`Administrator ${result.email} created (id ${result.id}).`);
        if (result.generatedPassword) console.log(`Password (shown once): ${result.generatedPassword}`);
      } finally {
        await runtime.close();
      }
      return;
    }
    default:
      console.error('Commands: migrate | seed | api | worker | openapi | time-travel <+3d|reset|status> | create-admin <email> <name>');
      process.exitCode = 2;
  }
}

run(process.argv[2], process.argv.slice(3)).catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});

