import { type Browser, type Page } from 'playwright-core';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST_DIR } from '../../apps/server/src/runtime.ts';
import { launchBrowser } from '../support/browser.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * A developer looks at the local Stripe in /dev/stripe after a card was saved: the customer
 * under its tab with its JSON, the events with their webhook delivery, and "Resend" sending one
 * again (the job worker runs; deliveries reach the app as Stripe's would).
 */
describe('the local Stripe dashboard in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  let customerId: string;

  beforeAll(async () => {
    t = await createTestApp({ webDistDir: WEB_DIST_DIR, work: true });
    baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
    page = await browser.newPage();

    const fetch = Stripe.createFetchHttpClient(t.app.localStripe!.fetch);
    const server = new Stripe(t.config.payments.secretKey, { httpClient: fetch, maxNetworkRetries: 0 });
    const customer = await server.customers.create({ email: 'dashboard@example.com' });
    customerId = customer.id;
    const intent = await server.setupIntents.create({ customer: customer.id, usage: 'off_session' });
    await server.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("shows a customer under its tab, opening to the object's JSON", async () => {
    await page.goto(`${baseUrl}/dev/stripe`);
    await page.getByRole('heading', { level: 1, name: 'Local Stripe' }).waitFor();
    for (const tab of ['Payments', 'Customers', 'Setup intents', 'Accounts', 'Transfers', 'Payouts', 'Refunds', 'Identity', 'Events']) {
      await page.getByRole('tab', { name: tab }).waitFor();
    }
    await page.getByRole('tab', { name: 'Customers' }).click();
    expect(new URL(page.url()).search).toBe('?tab=customers');
    const row = page.getByRole('list', { name: 'Customers' }).getByRole('listitem').filter({ hasText: customerId });
    await row.locator('summary').getByText('dashboard@example.com').waitFor();
    await row.locator('summary').getByText(customerId).click();
    await row.locator('pre').getByText('"object": "customer"').waitFor();
  });

  it('lists events with their delivery, and resends one', async () => {
    await page.goto(`${baseUrl}/dev/stripe?tab=events`);
    const row = page.getByRole('list', { name: 'Events' }).getByRole('listitem').filter({ hasText: 'setup_intent.succeeded' });
    await row.getByText('delivered (1 attempt, last 200)').waitFor({ timeout: 20_000 });
    await row.getByRole('button', { name: /^Resend setup_intent\.succeeded/ }).click();
    await row.getByText('Queued again').waitFor();
    await row.getByText('delivered (2 attempts, last 200)').waitFor({ timeout: 20_000 });
  });
});
