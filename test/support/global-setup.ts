import type { TestProject } from 'vitest/node';
import { ensurePgliteTemplate, ensurePostgresTemplate } from './templates.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}

/** Prepares the template database this project's test files copy from. */
export default async function setup(project: TestProject): Promise<void> {
  if (project.name === 'db-postgres') {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('db-postgres needs DATABASE_URL');
    project.provide('postgresTemplate', await ensurePostgresTemplate(url));
    return;
  }
  project.provide('pgliteTemplate', await ensurePgliteTemplate());
}
