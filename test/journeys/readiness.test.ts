import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../apps/server/src/app.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { systemClock } from '../../apps/server/src/platform/clock.ts';
import { createCoordination } from '../../apps/server/src/platform/coordination.ts';
import { openDatabase, type Database } from '../../apps/server/src/platform/db/database.ts';
import { createIdGenerator } from '../../apps/server/src/platform/ids.ts';
import { Jobs } from '../../apps/server/src/platform/jobs/jobs.ts';
import { createMetrics } from '../../apps/server/src/platform/metrics.ts';
import { CuttableRelay } from '../support/cuttable-relay.ts';
import { openTestDatabase, testDatabaseKind } from '../support/test-database.ts';

describe.runIf(testDatabaseKind === 'postgres')('readiness when PostgreSQL goes away and comes back', () => {
  let direct: Database;
  let relayed: Database;
  let relay: CuttableRelay;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    direct = await openTestDatabase();
    const url = new URL(process.env.DATABASE_URL!);
    relay = new CuttableRelay({ host: url.hostname, port: Number(url.port || 5432) });
    await relay.open();
    const databaseName = (await direct.db.selectNoFrom((eb) => eb.fn<string>('current_database', []).as('name')).executeTakeFirstOrThrow()).name;
    const relayedUrl = new URL(process.env.DATABASE_URL!);
    relayedUrl.hostname = '127.0.0.1';
    relayedUrl.port = String(relay.port);
    relayedUrl.pathname = `/${databaseName}`;
    relayed = await openDatabase({ kind: 'postgres', url: relayedUrl.toString(), poolMax: 2 });
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const clock = systemClock;
    app = await buildApp({
      config,
      clock,
      ids: createIdGenerator(clock),
      database: relayed,
      coordination: createCoordination({ clock }),
      jobs: Jobs.create(direct, { work: false }),
      metrics: createMetrics(),
    });
  });

  afterAll(async () => {
    await app.close();
    await relayed.close();
    await direct.close();
  });

  it('is ready, then 503 while the database is unreachable, then ready again by itself', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/ready' })).statusCode).toBe(200);

    await relay.cut();
    const down = await app.inject({ method: 'GET', url: '/api/v1/ready' });
    expect(down.statusCode).toBe(503);
    expect(down.headers['content-type']).toContain('application/problem+json');
    expect(down.json()).toMatchObject({ code: 'service_unavailable', detail: expect.stringContaining('database') });
    expect((await app.inject({ method: 'GET', url: '/api/v1/health/lite' })).statusCode).toBe(200);

    // Reads that need the database: 503 + Retry-After (the client may retry), never 500.
    for (const url of ['/api/v1/catalog/categories/music', '/api/v1/instructors', '/api/v1/neighborhoods']) {
      const read = await app.inject({ method: 'GET', url });
      expect(read.statusCode, url).toBe(503);
      expect(read.headers['content-type'], url).toContain('application/problem+json');
      expect(read.json(), url).toMatchObject({ code: 'service_unavailable', status: 503 });
      expect(Number(read.headers['retry-after']), url).toBeGreaterThan(0);
    }

    await relay.open();
    await expect
      .poll(async () => (await app.inject({ method: 'GET', url: '/api/v1/ready' })).statusCode, { timeout: 20_000, interval: 250 })
      .toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/catalog/categories/music' })).statusCode).toBe(200);
  });
});
