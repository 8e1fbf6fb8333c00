import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST_DIR } from '../../apps/server/src/runtime.ts';
import { launchBrowser } from '../support/browser.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** A visitor opens the home page in Chromium (fresh profile per launch) and browses the catalog. */
describe('home page in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;

  beforeAll(async () => {
    t = await createTestApp({ webDistDir: WEB_DIST_DIR });
    baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('says what a visitor can do today, promises nothing that is not built, and draws no emoji', async () => {
    await page.goto(baseUrl);
    await expect.poll(() => page.title()).toMatch(/InstaInstru/);
    await page.getByRole('link', { name: /Music/ }).first().waitFor();
    const text = await page.locator('body').innerText();
    expect(text).toContain('InstaInstru');
    await page.getByRole('heading', { name: 'What you can do on InstaInstru' }).waitFor();
    for (const feature of ['Browse the catalog', 'Compare prices', 'See where they teach', 'See open times']) {
      await page.getByRole('heading', { level: 3, name: feature }).waitFor();
    }
    // Booking, payments, fees and background checks do not exist yet: the page does not promise them.
    expect(text).not.toMatch(/\bbook(ing|ed)?\b|instant|12%|fee\b|background check|verif|pre-?authoriz|charged|refund/i);
    // Emoji render as empty boxes without an emoji font: icons are SVG.
    expect(text).not.toMatch(/\p{Extended_Pictographic}/u);
    expect(await page.locator('svg').count()).toBeGreaterThan(10);
  });

  it('browses from a category card to its services', async () => {
    await page.getByRole('link', { name: /Music/ }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Music' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/categories/music');
    await page.getByRole('heading', { name: 'Piano' }).waitFor();
    const body = await page.locator('body').innerText();
    expect(body).toMatch(/\$80/);
  });

  it('opens a category directly by URL (client-side route served on reload)', async () => {
    const response = await page.goto(`${baseUrl}/categories/languages`);
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Languages' }).waitFor();
    await page.getByRole('heading', { name: 'Spanish' }).waitFor();
  });

  it('links to the API docs from the footer', async () => {
    await page.goto(baseUrl);
    const docs = page.getByRole('contentinfo').getByRole('link', { name: /API/ }).first();
    expect(await docs.getAttribute('href')).toBe('/docs');
    await docs.click();
    await page.waitForURL(/\/docs\/?$/);
    // Scalar has rendered the generated document: its title and a tag's description are on the page.
    await page.getByText('InstaInstru API').first().waitFor();
    await page.getByText('Liveness, readiness and the state of every dependency and integration').first().waitFor();
  });

  it('shows a not-found page for an unknown category', async () => {
    await page.goto(`${baseUrl}/categories/underwater-basket-weaving`);
    await page.getByText(/not found/i).first().waitFor();
  });
});
