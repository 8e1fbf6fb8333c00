import os from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * One runner, four projects:
 * - unit: pure code beside the source (`*.test.ts`, also in packages/ and the web app's pure helpers), no database;
 * - db-pglite: database tests (`*.db.test.ts`) and API journeys on embedded PGlite, each file
 *   on its own copy of a migrated template;
 * - db-postgres: the same files on the PostgreSQL at DATABASE_URL (only when it is set);
 * - e2e: the built web app in Chromium against a real server.
 *
 * The first three run their files without isolation: each worker imports the server's modules
 * once instead of once per file (6 s of import for each of the ~80 database files, twice). Every
 * database file opens its own database and app, and no test mocks a module; what stays behind
 * in a worker is module state the app itself shares between requests (zod's error messages, the
 * caches of pure functions), so a test must not depend on a module being fresh.
 */
const databaseFiles = ['apps/server/src/**/*.db.test.ts', 'packages/*/src/**/*.db.test.ts', 'test/journeys/**/*.test.ts'];

const withPostgres = Boolean(process.env.DATABASE_URL);

// Inline projects do not inherit the root's timeouts, so each gets them explicitly.
const timeouts = { testTimeout: 30_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Vitest's default on a 2-core machine is one worker (the cores less one): the database files
    // wait on PostgreSQL half the time, so two run in parallel (10 journeys: 60 s → 37 s; three
    // workers gained nothing more).
    maxWorkers: Math.max(2, (os.availableParallelism?.() ?? 2) - 1),
    projects: [
      {
        test: {
          name: 'unit',
          ...timeouts,
          isolate: false,
          include: ['apps/server/src/**/*.test.ts', 'apps/web/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'test/unit/**/*.test.ts'],
          exclude: ['**/*.db.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'db-pglite',
          ...timeouts,
          isolate: false,
          include: databaseFiles,
          env: { TEST_DATABASE: 'pglite' },
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      ...(withPostgres
        ? [
            {
              test: {
                name: 'db-postgres',
                ...timeouts,
                isolate: false,
                include: databaseFiles,
                env: { TEST_DATABASE: 'postgres' },
                globalSetup: ['test/support/global-setup.ts'],
              },
            },
          ]
        : []),
      {
        test: {
          name: 'e2e',
          ...timeouts,
          include: ['test/e2e/**/*.test.ts'],
          env: { TEST_DATABASE: 'pglite' },
          globalSetup: ['test/support/global-setup.ts', 'test/support/browser-setup.ts'],
          testTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
