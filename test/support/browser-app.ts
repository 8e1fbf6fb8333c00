import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { WEB_DIST_DIR } from '../../apps/server/src/runtime.ts';
import { launchBrowser } from './browser.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/** axe-core's browser build, added to a page to check its accessibility. */
export const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Where a file's screenshots go, to look at the pages: the directory `$variable` names, else `fallback` (the temp directory). */
export function screenshotDir(variable: string, fallback: string = tmpdir()): string {
  return process.env[variable] ?? fallback;
}

/** A free local port, so PUBLIC_URL (emailed and signed links, the CSRF origin, the local Stripe's pages) can name the address the server listens on. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  targets: string[];
}

/** Every axe violation on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** The serious and critical axe violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  return (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Logs in through the login form the page was sent to (`/login?next=…`). */
export async function logIn(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

export interface BrowserApp {
  t: TestApp;
  browser: Browser;
  /** `http://127.0.0.1:<port>`, also the app's PUBLIC_URL. */
  baseUrl: string;
  /**
   * A page in a context of its own (1280×1000 unless `options` say otherwise) whose clock is the
   * test clock's, so "today" in the page is the server's (`testClock: false` leaves the real
   * one); `errors` collects the page's uncaught errors.
   */
  newPage(options?: BrowserContextOptions & { testClock?: boolean }): Promise<{ page: Page; errors: string[] }>;
  logIn: typeof logIn;
  seriousViolations: typeof seriousViolations;
  /** Closes the browser, then the app. */
  close(): Promise<void>;
}

/**
 * The real application serving the built web app on a free local port (its PUBLIC_URL that
 * address), and a headless Chromium. `options` go to createTestApp (their `env` beside PUBLIC_URL).
 */
export async function startBrowserApp(options: Omit<NonNullable<Parameters<typeof createTestApp>[0]>, 'webDistDir'> = {}): Promise<BrowserApp> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ ...options, webDistDir: WEB_DIST_DIR, env: { ...options.env, PUBLIC_URL: baseUrl } });
  let browser: Browser | undefined;
  try {
    await t.app.listen({ host: '127.0.0.1', port });
    browser = await launchBrowser();
  } catch (error) {
    await browser?.close();
    await t.close();
    throw error;
  }
  const launched = browser;
  return {
    t,
    browser: launched,
    baseUrl,
    async newPage({ testClock = true, ...contextOptions } = {}) {
      const context = await launched.newContext({ viewport: { width: 1280, height: 1000 }, ...contextOptions });
      if (testClock) await context.clock.setFixedTime(t.clock.now());
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      return { page, errors };
    },
    logIn,
    seriousViolations,
    async close() {
      await launched.close();
      await t.close();
    },
  };
}
