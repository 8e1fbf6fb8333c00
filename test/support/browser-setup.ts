import type { TestProject } from 'vitest/node';
import { resolveChromium } from './browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    browserExecutable: string;
  }
}

/** e2e global setup: choose (and inflate, once) the Chromium every browser test file launches. */
export default async function setup(project: TestProject): Promise<void> {
  const choice = await resolveChromium();
  project.provide('browserExecutable', choice.executablePath);
  console.log(`Browser tests drive ${choice.executablePath} (${choice.source})`);
}
