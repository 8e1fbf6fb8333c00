import { defineConfig } from 'vitest/config';

/**
 * One runner, four projects:
 * - unit: pure code beside the source (`*.test.ts`), no database;
 * - db-pglite: database tests (`*.db.test.ts`) and API journeys on embedded PGlite, each file
 *   on its own copy of a migrated template;
 * - db-postgres: the same files on the PostgreSQL at DATABASE_URL (only when it is set);
 * - e2e: the built web app in Chromium against a real server.
 */
const databaseFiles = ['apps/server/src/**/*.db.test.ts', 'test/journeys/**/*.test.ts'];

const withPostgres = Boolean(process.env.DATABASE_URL);

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['apps/server/src/**/*.test.ts', 'test/unit/**/*.test.ts'],
          exclude: ['**/*.db.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'db-pglite',
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
          include: ['test/e2e/**/*.test.ts'],
          env: { TEST_DATABASE: 'pglite' },
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
