import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';

/**
 * Which Chromium the browser tests drive, in order: `CHROMIUM_PATH`, Debian's
 * `/usr/bin/chromium`, then the Chromium that `@sparticuz/chromium` ships compressed inside its
 * npm package (inflated once into the temp directory). The last one means `npm install && npm
 * test` needs nothing but Node and npm.
 */
export interface ChromiumChoice {
  executablePath: string;
  source: 'CHROMIUM_PATH' | 'debian' | '@sparticuz/chromium';
}

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export async function resolveChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumChoice> {
  if (env.CHROMIUM_PATH) {
    if (!fs.existsSync(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist`);
    return { executablePath: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
  }
  if (fs.existsSync(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM, source: 'debian' };
  const { default: packaged } = await import('@sparticuz/chromium');
  return { executablePath: await packaged.executablePath(), source: '@sparticuz/chromium' };
}

const ARGS = [
  '--no-sandbox',
  '--no-zygote',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Launches the chosen Chromium headless. The e2e project's global setup resolves (and, for the
 * packaged one, inflates) the binary once and provides its path, so test files never race to
 * inflate it.
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = inject('browserExecutable') ?? (await resolveChromium()).executablePath;
  return chromium.launch({ executablePath, args: ARGS });
}
