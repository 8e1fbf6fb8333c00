import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aStudent, type BuiltUser } from '../support/builders.ts';
import { logIn, screenshotDir, seriousViolations, startBrowserApp, type BrowserApp } from '../support/browser-app.ts';
import type { TestApp } from '../support/test-app.ts';

/** Where the screenshots go, to look at the pages (PAYMENT_SCREENSHOTS=dir to choose). */
const SHOTS = screenshotDir('PAYMENT_SCREENSHOTS');

/**
 * A student saves cards in the browser against the local Stripe: the card form posts the
 * number to the local Stripe only, a 3-D Secure card goes through the hosted challenge page
 * and back, a declined card shows Stripe's message and is not saved.
 */
describe('payment methods in a browser', () => {
  let app: BrowserApp;
  let t: TestApp;
  let baseUrl: string;
  let student: BuiltUser;

  beforeAll(async () => {
    // PUBLIC_URL is this server's address: the local Stripe's 3-D Secure page lives here too.
    app = await startBrowserApp();
    ({ t, baseUrl } = app);
    student = await aStudent(t, { name: 'Sam Student' });
  }, 90_000);

  afterAll(async () => {
    await app?.close();
  });

  /** Signed in through the login form, on the payment methods page; records what our API was sent. */
  async function signedInPage(options: BrowserContextOptions = {}): Promise<{ page: Page; errors: string[]; apiBodies: string[] }> {
    const { page, errors } = await app.newPage({ ...options, testClock: false });
    const apiBodies: string[] = [];
    page.on('request', (request) => {
      if (!request.url().includes('/api/v1/dev/stripe/')) apiBodies.push(`${request.url()} ${request.postData() ?? ''}`);
    });
    await page.goto(`${baseUrl}/account/payment-methods`);
    await logIn(page, student);
    await page.waitForURL(/\/account\/payment-methods$/);
    await page.getByRole('heading', { level: 1, name: 'Payment methods' }).waitFor();
    return { page, errors, apiBodies };
  }

  const savedCards = (page: Page) => page.getByRole('list', { name: 'Saved cards' });
  const cardRows = (page: Page) => savedCards(page).getByRole('listitem').allInnerTexts();

  async function fillCard(page: Page, number: string) {
    await page.getByRole('button', { name: 'Add a card' }).click();
    const form = page.getByRole('form', { name: 'Add a card' });
    await form.getByLabel('Card number').pressSequentially(number);
    await form.getByLabel('Expiration date (MM / YY)').pressSequentially('1234');
    await form.getByLabel('Security code (CVC)').pressSequentially('123');
    await form.getByLabel('ZIP').pressSequentially('10001');
    return form;
  }

  it('saves a 4242 card as the default, then a 3155 card through the 3-D Secure page', async () => {
    const { page, errors, apiBodies } = await signedInPage();
    await page.getByText('No saved cards yet').waitFor();

    const form = await fillCard(page, '4242424242424242');
    // Grouped as printed, the brand recognized, the test cards beside the form.
    expect(await form.getByLabel('Card number').inputValue()).toBe('4242 4242 4242 4242');
    expect(await form.getByTestId('card-brand').innerText()).toMatch(/visa/i);
    await page.getByRole('complementary', { name: 'Test cards' }).getByText('4000 0025 0000 3155').waitFor();
    await page.screenshot({ path: `${SHOTS}/web-payment-methods-form.png`, fullPage: true });
    await form.getByRole('button', { name: 'Save card' }).click();

    await page.getByRole('status').getByText('Your card is saved.').waitFor();
    await expect.poll(() => cardRows(page)).toEqual([expect.stringMatching(/Visa •••• 4242\s*Default[\s\S]*Expires 12\/2034/)]);
    await page.screenshot({ path: `${SHOTS}/web-payment-methods-one-card.png`, fullPage: true });

    // 3155 asks for 3-D Secure: the browser goes to the bank's page and comes back.
    const secure = await fillCard(page, '4000002500003155');
    await secure.getByRole('button', { name: 'Save card' }).click();
    await page.waitForURL(/\/api\/v1\/dev\/stripe\/3ds\/seti_/);
    await page.getByRole('heading', { name: '3-D Secure authentication' }).waitFor();
    expect(await page.getByText('Visa •••• 3155').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/web-payment-methods-3ds.png`, fullPage: true });
    await page.getByRole('button', { name: 'Complete authentication' }).click();

    await page.waitForURL(/\/account\/payment-methods$/);
    await page.getByText('Your bank confirmed the card. It is saved.').waitFor();
    await expect.poll(async () => (await cardRows(page)).length).toBe(2);
    const rows = await cardRows(page);
    expect(rows.find((row) => row.includes('4242'))).toMatch(/Default/);
    expect(rows.find((row) => row.includes('3155'))).not.toMatch(/Default/);
    await page.screenshot({ path: `${SHOTS}/web-payment-methods-two-cards.png`, fullPage: true });

    // The card numbers went to the local Stripe only, never to our API.
    expect(apiBodies.filter((line) => /4242424242424242|4000002500003155/.test(line))).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows the decline of a 0002 card in Stripe’s words, and a failed 3-D Secure challenge; neither card is saved', async () => {
    const { page, errors } = await signedInPage();
    await expect.poll(async () => (await cardRows(page)).length).toBe(2);
    const form = await fillCard(page, '4000000000000002');
    await form.getByRole('button', { name: 'Save card' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/Your card was declined\./);
    await page.screenshot({ path: `${SHOTS}/web-payment-methods-declined.png`, fullPage: true });
    await page.reload();
    await expect.poll(async () => (await cardRows(page)).length).toBe(2);
    expect((await cardRows(page)).some((row) => row.includes('0002'))).toBe(false);

    // 3184 always asks; failing the challenge brings the student back with the card not saved.
    const challenged = await fillCard(page, '4000002760003184');
    await challenged.getByRole('button', { name: 'Save card' }).click();
    await page.waitForURL(/\/api\/v1\/dev\/stripe\/3ds\/seti_/);
    await page.getByRole('button', { name: 'Fail authentication' }).click();
    await page.waitForURL(/\/account\/payment-methods$/);
    await page.getByRole('alert').getByText('did not confirm the card').waitFor();
    await page.screenshot({ path: `${SHOTS}/web-payment-methods-3ds-failed.png`, fullPage: true });
    await expect.poll(async () => (await cardRows(page)).length).toBe(2);
    expect((await cardRows(page)).some((row) => row.includes('3184'))).toBe(false);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('checks the card as typed, makes the other card the default and removes one, on a phone', async () => {
    const { page, errors } = await signedInPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await expect.poll(async () => (await cardRows(page)).length).toBe(2);

    await page.getByRole('button', { name: 'Add a card' }).click();
    const form = page.getByRole('form', { name: 'Add a card' });
    await form.getByLabel('Card number').pressSequentially('4242424242424241');
    await form.getByLabel('Expiration date (MM / YY)').focus();
    await form.getByText('Your card number is invalid.').waitFor();
    expect(await form.getByLabel('Card number').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: `${SHOTS}/web-payment-methods-mobile-invalid.png`, fullPage: true });
    await form.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Make Visa •••• 3155 the default' }).click();
    await expect.poll(async () => (await cardRows(page)).find((row) => row.includes('3155'))).toMatch(/Default/);

    await page.getByRole('button', { name: 'Remove Visa •••• 4242' }).click();
    await page.getByRole('group', { name: 'Remove Visa •••• 4242?' }).getByRole('button', { name: 'Remove card' }).click();
    await expect.poll(async () => (await cardRows(page)).length).toBe(1);
    expect((await cardRows(page))[0]).toMatch(/Visa •••• 3155\s*Default/);

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/web-payment-methods-mobile.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
