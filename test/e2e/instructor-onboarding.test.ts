import type { Page } from 'playwright-core';
import sharp from 'sharp';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdmin, DEFAULT_PASSWORD, signIn } from '../support/builders.ts';
import { seriousViolations, startBrowserApp, type BrowserApp } from '../support/browser-app.ts';
import type { TestApp } from '../support/test-app.ts';

const SCREENSHOTS = process.env.INSTRUCTOR_SCREENSHOTS !== '0';
const EMAIL = 'clara.wieck@example.com';

/**
 * A new instructor signs up in the browser, is taken into the guided setup, fills in each step
 * (photo, profile, services with a refused price, a neighborhood on the map, availability,
 * payouts and identity on Stripe's pages) and publishes; an admin approves through the API; the public profile then shows it all to anyone.
 */
describe('instructor onboarding in a browser', () => {
  let app: BrowserApp;
  let t: TestApp;
  let page: Page;
  let baseUrl: string;
  let instructorId: string;

  beforeAll(async () => {
    // PUBLIC_URL (which signed media links are built on) is the address the browser uses.
    app = await startBrowserApp();
    ({ t, baseUrl } = app);
    page = await pageAtTestTime();
  }, 60_000);

  /**
   * A page whose clock reads the server's test clock: the availability step's "this week" and
   * the public profile's "next open times" start from the browser's today, which must be the
   * server's (Monday 2026-11-23), not the day the suite runs.
   */
  async function pageAtTestTime(): Promise<Page> {
    return (await app.newPage()).page;
  }

  afterAll(async () => {
    await app?.close();
  });

  const next = async (label: string) => {
    await page.getByRole('link', { name: `Next: ${label} →` }).click();
    await page.getByRole('link', { name: label, exact: false }).and(page.locator('[aria-current="step"]')).waitFor();
  };

  /** The browser is on one of the local Stripe's hosted pages (this server's, as in development), showing its heading. */
  const onStripePage = async (url: RegExp, heading: string, screenshot?: string) => {
    await page.waitForURL(url);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.getByText('Local Stripe · test mode').waitFor();
    if (SCREENSHOTS && screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  };

  /** One row of the onboarding checklist (the dashboard's, or the review step's). */
  const checklistItem = (label: string) =>
    page.getByRole('list', { name: 'Checklist' }).getByRole('listitem').filter({ has: page.getByText(label, { exact: true }) });

  it('signs up as an instructor and lands on the first setup step', async () => {
    await page.goto(`${baseUrl}/signup`);
    await page.getByRole('radio', { name: /I want to teach/ }).check();
    await page.getByLabel('Full name').fill('Clara Wieck');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(DEFAULT_PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/instructor\/setup\/profile$/);
    await page.getByRole('heading', { level: 1, name: 'Set up your instructor profile' }).waitFor();
    await page.getByText(/Welcome to InstaInstru!/).waitFor();
    expect(await page.locator('[aria-current="step"]').textContent()).toContain('Profile');
    const user = await t.database.db.selectFrom('users').select('id').where('email', '=', EMAIL).executeTakeFirstOrThrow();
    instructorId = user.id;
  });

  it('fills in the profile and uploads a photo', async () => {
    const jpeg = await sharp({ create: { width: 400, height: 400, channels: 3, background: { r: 200, g: 120, b: 80 } } })
      .jpeg()
      .toBuffer();
    await page.getByLabel('Profile photo').setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await page.getByText('Photo uploaded.').waitFor();

    const profile = page.locator('#profile');
    // Two mistakes at once: both are shown together, beside their fields, in plain words, once each.
    await profile.getByLabel('Display name').fill(' ');
    await profile.getByLabel('Years of experience').fill('-1');
    await profile.getByRole('button', { name: 'Save profile' }).click();
    const alert = profile.getByRole('alert');
    await alert.getByText('Some fields need a change').waitFor();
    await profile.getByText('Display name is required.').waitFor();
    await profile.getByText('Years of experience must be at least 0.').waitFor();
    expect(await profile.getByLabel('Display name').getAttribute('aria-invalid')).toBe('true');
    expect(await profile.getByLabel('Years of experience').getAttribute('aria-invalid')).toBe('true');
    const text = await profile.innerText();
    expect(text.match(/must be at least 0/g)).toHaveLength(1);
    expect(text).not.toMatch(/Too small|expected number|Bad request|body\./);

    await profile.getByLabel('Display name').fill('Clara Wieck');
    await profile.getByLabel('Headline').fill('Concert pianist teaching all ages');
    await profile
      .getByLabel('Bio')
      .fill('I have performed across Europe and taught piano in Brooklyn for twelve years, from first notes to conservatory auditions.');
    await profile.getByLabel('Years of experience').fill('12');
    // Languages are chosen by name (and saved as codes).
    await profile.getByLabel('Add a language').selectOption({ label: 'English' });
    await profile.getByLabel('Add a language').selectOption({ label: 'German' });
    await profile.getByRole('list', { name: 'Chosen languages' }).getByText('German').waitFor();
    await profile.getByLabel('Adults').check();
    await profile.getByLabel('Beginner').check();
    // Leaving the step before saving asks first; staying keeps what was typed.
    const question = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.message());
        void dialog.dismiss();
      }),
    );
    await page.getByRole('link', { name: 'Next: Where you teach →' }).click();
    expect(await question).toMatch(/not saved yet/);
    expect(page.url()).toMatch(/\/instructor\/setup\/profile$/);
    expect(await profile.getByLabel('Years of experience').inputValue()).toBe('12');

    await profile.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Your profile was saved.').waitFor();
  });

  it('chooses where to teach: travels to students, a neighborhood picked on the map', async () => {
    await next('Where you teach');
    const areas = page.locator('#areas');
    await areas.getByLabel('I travel to students').check();
    const parkSlope = page.locator('path.neighborhood-BK0602');
    await parkSlope.waitFor();
    await parkSlope.click({ force: true });
    await areas.getByText(/1 selected: Park Slope/).waitFor();
    // The list offers the same choice, checked now.
    expect(await areas.getByRole('checkbox', { name: /Park Slope/ }).isChecked()).toBe(true);
    // Enter in the search picks the neighborhood found; it does not submit the form.
    await areas.getByLabel('Find a neighborhood').fill('Prospect Heights');
    await areas.getByLabel('Find a neighborhood').press('Enter');
    await areas.getByText(/2 selected: Park Slope, Prospect Heights/).waitFor();
    expect(await areas.getByLabel('Find a neighborhood').inputValue()).toBe('');
    expect(await page.getByText('Where you teach was saved.').count()).toBe(0);
    if (SCREENSHOTS) {
      await areas.scrollIntoViewIfNeeded();
      await areas.screenshot({ path: '/tmp/instructor-map.png' });
    }
    await areas.getByRole('button', { name: 'Save where you teach' }).click();
    await page.getByText('Where you teach was saved.').waitFor();
  });

  it('offers piano at the student’s place with a price, and sees the floor error first', async () => {
    await next('Services & prices');
    const services = page.locator('#services');
    const piano = await page.evaluate(async () => {
      const catalog = (await (await fetch('/api/v1/catalog')).json()) as {
        categories: { services: { id: string; slug: string }[] }[];
      };
      return catalog.categories.flatMap((c) => c.services).find((s) => s.slug === 'piano')!.id;
    });
    await services.getByLabel('Add a service').selectOption(piano);
    // Only the lesson types "where you teach" allows (travelling to students), and why the others are missing.
    expect(await services.getByLabel('At my studio').count()).toBe(0);
    expect(await services.getByLabel('Online').count()).toBe(0);
    await services.getByText(/At my studio needs “I teach at my studio”/).waitFor();
    // The floors as the catalog API gives them, per lesson length (a traveling instructor: in person).
    await services.getByText('At least $80 in person').first().waitFor();
    await services.getByText('At least $40 in person').first().waitFor();
    await services.getByLabel('At the student’s place').check();
    await services.getByLabel('Price for 60 min ($)').fill('1');
    await services.getByRole('button', { name: 'Save services' }).click();
    await services.getByRole('alert').waitFor();
    expect(await services.getByLabel('Price for 60 min ($)').getAttribute('aria-invalid')).toBe('true');

    await services.getByLabel('Price for 60 min ($)').fill('90');
    await services.getByRole('button', { name: 'Save services' }).click();
    await page.getByText('Your services were saved.').waitFor();
  });

  it('paints availability, saves it as the template and applies it to the next weeks', async () => {
    await next('Availability');
    // Both corners in view (the grid scrolls in its own box), so the mouse can reach them.
    // From now (Monday 10:00 on the test clock: earlier cells are in the past) to Sunday 13:45.
    const fromCell = page.locator('[data-cell="0-10:00"]');
    const toCell = page.locator('[data-cell="6-13:45"]');
    await toCell.scrollIntoViewIfNeeded();
    await fromCell.scrollIntoViewIfNeeded();
    const from = (await fromCell.boundingBox())!;
    const to = (await toCell.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 20 });
    await page.mouse.up();
    await expect.poll(() => page.locator('#availability').getByText(/hours available this week/).textContent()).toBe('28 hours available this week.');
    expect(await page.locator('[data-cell="0-09:45"]').isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Save this week' }).click();
    await page.getByText('This week’s availability was saved.').waitFor();
    await page.getByRole('button', { name: 'Save as weekly template' }).click();
    await page.getByText('Saved as your weekly template.').waitFor();
    await page.getByLabel('Weeks to fill from the template').fill('3');
    await page.getByRole('button', { name: 'Apply template to the next weeks' }).click();
    await page.getByText('Template applied to 3 weeks.').waitFor();
  });

  /**
   * Stripe's hosted onboarding is the local Stripe's page on this server (as in development):
   * the browser clicks its buttons like a person would. No webhook is worked in this suite (the
   * test app queues the local Stripe's deliveries without working them), so what the page shows
   * on return comes from its refresh-on-return (`?onboarding=return` re-reads the account).
   */
  it('sets up payouts on Stripe’s onboarding page: first leaves requirements due, then completes', async () => {
    await next('Payouts');
    await page.getByTestId('payout-status').getByText('Not set up').waitFor();
    await page.getByRole('button', { name: 'Set up payouts' }).click();

    // First attempt: left with requirements due. Back on our page, they are listed in plain words.
    await onStripePage(/\/api\/v1\/dev\/stripe\/onboarding\//, 'Set up payouts', '/tmp/instructor-onboarding-stripe.png');
    await page.getByRole('button', { name: 'Leave requirements due' }).click();
    await page.waitForURL(/\/instructor\/payouts\?onboarding=return$/);
    const due = page.getByRole('list', { name: 'What Stripe still needs' });
    await due.getByText('Add the bank account your payouts go to.').waitFor();
    const sentences = await due.getByRole('listitem').allInnerTexts();
    expect(sentences.length).toBeGreaterThan(0);
    // Sentences, not Stripe's requirement codes (individual.dob.day, external_account).
    for (const sentence of sentences) expect(sentence).toMatch(/^[A-Z][^_]*\.$/);
    expect(await page.getByTestId('payout-status').textContent()).toBe('Details needed');
    if (SCREENSHOTS) await page.screenshot({ path: '/tmp/instructor-payouts-requirements-due.png', fullPage: true });

    // "Continue setup" asks for a fresh link and opens the page again; this time it is completed.
    await page.getByRole('button', { name: 'Continue setup' }).click();
    await onStripePage(/\/api\/v1\/dev\/stripe\/onboarding\//, 'Set up payouts');
    await page.getByRole('button', { name: 'Complete with test data' }).click();
    await page.waitForURL(/\/instructor\/payouts\?onboarding=return$/);
    await page.getByTestId('payout-status').getByText('Ready').waitFor();
    expect(await page.getByRole('list', { name: 'What Stripe still needs' }).count()).toBe(0);
    await page.getByTestId('balance-available').getByText('$0.00').waitFor();
    if (SCREENSHOTS) await page.screenshot({ path: '/tmp/instructor-payouts-ready.png', fullPage: true });

    // The dashboard's checklist counts the account now.
    await page.getByRole('link', { name: 'Back to the dashboard' }).click();
    await checklistItem('Payouts').getByText('complete', { exact: true }).waitFor();
    if (SCREENSHOTS) {
      await page.locator('section[aria-labelledby="checklist-heading"]').screenshot({ path: '/tmp/instructor-checklist-payouts.png' });
    }
    await page.goto(`${baseUrl}/instructor/payouts`);
    await page.getByTestId('payout-status').getByText('Ready').waitFor();
  });

  it('pays out instantly, with the fee shown before confirming', async () => {
    // Earnings arrive as a transfer from the platform (a lesson's share, a tip).
    const accountId = (await t.database.db.selectFrom('payoutAccounts').select('accountId').where('userId', '=', instructorId).executeTakeFirstOrThrow()).accountId;
    const sdk = new Stripe('sk_test_e2e', { httpClient: Stripe.createFetchHttpClient(t.app.localStripe!.fetch), maxNetworkRetries: 0 });
    await sdk.transfers.create({ amount: 10_000, currency: 'usd', destination: accountId });
    await page.reload();
    await page.getByTestId('balance-instant').getByText('$100.00').waitFor();
    await page.getByLabel('Amount (up to $100.00)').fill('50');
    await page.getByText('A 2% fee of $1.00 applies; $49.00 reaches your bank within about 30 minutes.').waitFor();
    await page.getByRole('button', { name: 'Pay out now' }).click();
    const confirm = page.getByRole('group', { name: 'Confirm instant payout' });
    expect(await confirm.getByTestId('instant-fee').textContent()).toBe('−$1.00');
    expect(await confirm.getByTestId('instant-arrives').textContent()).toBe('$49.00');
    await confirm.getByRole('button', { name: 'Confirm instant payout' }).click();
    await page.getByText('$49.00 is on its way to your bank; it should arrive within 30 minutes.').waitFor();
    // $50 left the balance: $49 to the bank, the $1 fee to the platform.
    await page.getByTestId('balance-available').getByText('$50.00').waitFor();
    await page.getByRole('cell', { name: 'Instant' }).waitFor();
    // The page with every part shown (status, balances, the form, the history) has no serious accessibility problem.
    expect(await seriousViolations(page)).toEqual([]);
    if (SCREENSHOTS) await page.screenshot({ path: '/tmp/instructor-payouts.png', fullPage: true });
    await page.goto(`${baseUrl}/instructor/setup/payouts`);
    await page.getByTestId('payout-status').getByText('Ready').waitFor();
  });

  /** Stripe Identity's page is the local Stripe's too: a failed check first, then a verified one. */
  it('verifies identity on Stripe Identity’s page, after a failed attempt', async () => {
    await next('Identity');
    const steps = page.getByRole('navigation', { name: 'Setup steps' });
    // The badge's whole text: "Verified" is also a part of "Not verified yet".
    const badge = (label: string) => page.getByTestId('identity-status').getByText(label, { exact: true });
    await steps.getByText('Payouts (done)').waitFor();
    await badge('Not verified').waitFor();
    await page.getByRole('button', { name: 'Verify identity' }).click();

    await onStripePage(/\/api\/v1\/dev\/stripe\/identity\/vs_/, 'Verify your identity', '/tmp/instructor-identity-stripe.png');
    await page.getByLabel('Reason the check fails').selectOption('selfie_face_mismatch');
    await page.getByRole('button', { name: 'Fail with this reason' }).click();
    await page.waitForURL(/\/instructor\/setup\/identity\?identity=return$/);
    await badge('Not verified yet').waitFor();
    // The reason in plain words, not Stripe's code (selfie_face_mismatch).
    await page.getByText('The last attempt did not pass: The selfie did not match the photo on your document. Try again in good light.').waitFor();
    expect(await steps.getByText('Identity (done)').count()).toBe(0);
    if (SCREENSHOTS) await page.screenshot({ path: '/tmp/instructor-identity-failed.png', fullPage: true });

    await page.getByRole('button', { name: 'Try again' }).click();
    await onStripePage(/\/api\/v1\/dev\/stripe\/identity\/vs_/, 'Verify your identity');
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.waitForURL(/\/instructor\/setup\/identity\?identity=return$/);
    await badge('Verified').waitFor();
    // The step list is the checklist in the setup: both Stripe steps are ticked off.
    await steps.getByText('Identity (done)').waitFor();
    await steps.getByText('Payouts (done)').waitFor();
    if (SCREENSHOTS) await page.screenshot({ path: '/tmp/instructor-identity-verified.png', fullPage: true });
  });

  it('publishes on the review step once the checklist allows it', async () => {
    await next('Review & publish');
    // Every editing step is ticked off in the step list.
    const steps = page.getByRole('navigation', { name: 'Setup steps' });
    for (const label of ['Profile', 'Where you teach', 'Services & prices', 'Availability', 'Payouts', 'Identity']) await steps.getByText(`${label} (done)`).waitFor();
    const publish = page.getByRole('button', { name: 'Publish profile' });
    await expect.poll(() => publish.isEnabled()).toBe(true);
    await page.locator('section[aria-labelledby="checklist-heading"]').scrollIntoViewIfNeeded();
    if (SCREENSHOTS) await page.screenshot({ path: '/tmp/instructor-dashboard.png' });
    await publish.click();
    await page.getByText(/Published! We will review/).waitFor();
    await page.getByText('Your profile is published and waiting for approval.').waitFor();
    await page.getByRole('link', { name: 'Done — go to the dashboard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Instructor dashboard' }).waitFor();
    // Published: the dashboard no longer offers the guided setup.
    expect(await page.getByRole('link', { name: /Continue setup/ }).count()).toBe(0);
  });

  it('is public after an admin approves it, with the service, the neighborhood and open times', async () => {
    const admin = await anAdmin(t);
    const { authorization } = await signIn(t, admin);
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/instructors/${instructorId}/approve`,
      headers: { authorization },
    });
    expect(approved.statusCode).toBe(200);

    const visitor = await pageAtTestTime();
    await visitor.goto(`${baseUrl}/instructors/${instructorId}`);
    await visitor.getByRole('heading', { level: 1, name: 'Clara Wieck' }).waitFor();
    await visitor.getByText('Concert pianist teaching all ages').waitFor();
    await visitor.getByRole('heading', { level: 3, name: 'Piano' }).waitFor();
    await visitor.getByText('$90 for 60 min').waitFor();
    await visitor.getByText('Park Slope, Brooklyn').waitFor();
    await visitor.getByText('Prospect Heights, Brooklyn').waitFor();
    await visitor.getByText('English and German').waitFor();
    // …and on the map, where Park Slope is filled in.
    await visitor.locator('path.served-BK0602').waitFor();
    await visitor.getByRole('list', { name: 'Open times for Piano, 60 minutes' }).getByRole('listitem').first().waitFor();
    // The uploaded photo really loads (a signed media link on this server).
    const photo = visitor.getByRole('img', { name: /Clara Wieck/ });
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    if (SCREENSHOTS) await visitor.screenshot({ path: '/tmp/instructor-public.png', fullPage: true });
    await visitor.close();
  });
});
