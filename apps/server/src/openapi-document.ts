import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { systemClock } from './platform/clock.ts';
import { createCoordination } from './platform/coordination.ts';
import { openDatabase } from './platform/db/database.ts';
import { createIdGenerator } from './platform/ids.ts';
import { Jobs } from './platform/jobs/jobs.ts';
import { createMetrics } from './platform/metrics.ts';

/**
 * The OpenAPI document as a development build serves it, for a fixed origin: what
 * apps/server/openapi.json holds and the web app's client types are generated from.
 * Building the routes needs no data, so it runs on an empty in-memory database.
 */
export async function generateOpenApiDocument(): Promise<Record<string, unknown>> {
  const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://localhost:3000' });
  const database = await openDatabase({ kind: 'pglite' });
  const clock = systemClock;
  const app = await buildApp({
    config,
    clock,
    ids: createIdGenerator(clock),
    database,
    coordination: createCoordination({ clock }),
    jobs: Jobs.create(database, { work: false }),
    metrics: createMetrics(),
  });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await database.close();
  }
}

export function formatDocument(document: Record<string, unknown>): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
