import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendQueuedEmails } from '../../apps/server/src/modules/notifications/email.testing.ts';
import { aBookableInstructor, aStudent, signIn, type BuiltInstructor } from '../support/builders.ts';
import { logIn, screenshotDir, seriousViolations, startBrowserApp, type BrowserApp } from '../support/browser-app.ts';
import type { TestApp } from '../support/test-app.ts';

const SHOTS = screenshotDir('BOOKING_SCREENSHOTS', '/tmp');

/**
 * Paying a lesson whose card was refused, in a browser (PRODUCT.md §6 "Failed authorization";
 * test clock Monday 2026-11-23, 10:00 in New York). A lesson Wednesday 1 PM booked with a card
 * that saves but cannot be charged (0341); time travel on /dev/stripe to T-12 h: refused at
 * T-24 h and at each retry, the payment_failed email sent. Its link opens the lesson's page,
 * which says the card was declined; the student adds 4242 there and pays: authorized.
 */
describe('paying a lesson after its card was refused, in a browser', () => {
  let app: BrowserApp;
  let t: TestApp;
  let baseUrl: string;
  let instructor: BuiltInstructor;
  let serviceId: string;

  beforeAll(async () => {
    app = await startBrowserApp();
    ({ t, baseUrl } = app);
    ({ instructor, serviceId } = await aBookableInstructor(t, { name: 'Clara Wieck', days: ['2026-11-25'] }));
  }, 90_000);

  afterAll(async () => {
    await app?.close();
  });

  it('the payment_failed email opens the lesson, where another card pays it at once', async () => {
    const student = await aStudent(t, { name: 'Rita Refused' });
    const { authorization } = await signIn(t, student);
    const setup = (await t.app.inject({ method: 'POST', url: '/api/v1/me/payment-methods/setup', headers: { authorization } })).json();
    const browser = new Stripe(setup.publishableKey, { httpClient: Stripe.createFetchHttpClient(t.app.localStripe!.fetch), maxNetworkRetries: 0 });
    const method = await browser.paymentMethods.create({ type: 'card', card: { number: '4000000000000341', exp_month: 12, exp_year: 2030, cvc: '123' } });
    await browser.setupIntents.confirm(setup.setupIntentId, { payment_method: method.id, client_secret: setup.clientSecret, return_url: `${baseUrl}/account/payment-methods` } as never);
    const booked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: { authorization },
      payload: { instructorId: instructor.id, serviceId, durationMinutes: 60, startsAt: '2026-11-25T18:00:00Z', locationType: 'online', paymentMethodId: method.id },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const bookingId = booked.json().id as string;

    const { page, errors } = await app.newPage();
    // Signed in on the lesson (nothing to pay yet: authorized at T-24 h), then time travel.
    await page.goto(`${baseUrl}/lessons/${bookingId}`);
    await logIn(page, student);
    await page.waitForURL(new RegExp(`/lessons/${bookingId}$`));
    expect(await page.getByRole('region', { name: 'Your card was declined — choose another card' }).count()).toBe(0);
    await page.goto(`${baseUrl}/dev/stripe?lesson=${bookingId}`);
    const panel = page.getByRole('region', { name: 'Time travel' });
    await panel.getByRole('button', { name: 'To T-12 h' }).click();
    await panel.getByRole('status', { name: 'Time travel result' }).waitFor({ timeout: 20_000 });

    // The email's link, as the student would follow it.
    let html = '';
    await expect
      .poll(async () => {
        // Rendered by its send job, which nothing works in this app: run it here once queued.
        await sendQueuedEmails(t.database.db, t.jobs);
        const mail = await t.database.db.selectFrom('emailMessages').select('html').where('userId', '=', student.id).where('template', '=', 'payment_failed').executeTakeFirst();
        html = mail?.html ?? '';
        return html.length > 0;
      })
      .toBe(true);
    const link = new RegExp(`href="(${baseUrl.replace(/[.]/g, '\\.')}/lessons/${bookingId}\\?pay=1)"`).exec(html)?.[1];
    expect(link).toBeDefined();
    await page.goto(link!);

    const section = page.getByRole('region', { name: 'Your card was declined — choose another card' });
    await section.waitFor();
    await page.screenshot({ path: `${SHOTS}/lesson-pay-declined.png`, fullPage: true });
    await section.getByRole('button', { name: 'Add a card' }).click();
    const cardForm = page.getByRole('form', { name: 'Add a card' });
    await cardForm.getByLabel('Card number').fill('4242 4242 4242 4242');
    await cardForm.getByLabel(/Expir/).fill('12 / 30');
    await cardForm.getByLabel('CVC').fill('123');
    await cardForm.getByLabel(/ZIP/).fill('10001');
    await cardForm.getByRole('button', { name: 'Save card' }).click();
    await expect.poll(() => section.getByRole('radio', { name: /Visa •••• 4242/ }).isChecked(), { timeout: 15_000 }).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await section.getByRole('button', { name: 'Pay for this lesson' }).click();

    await page.getByRole('status').getByText('Your card was authorized: the lesson is paid for and stays booked.').waitFor();
    expect(await section.count()).toBe(0);
    expect(await page.getByRole('main').innerText()).toMatch(/Amount held on the card/);
    await page.screenshot({ path: `${SHOTS}/lesson-pay-paid.png`, fullPage: true });
    const row = await t.database.db.selectFrom('bookings').select(['status', 'paymentState']).where('id', '=', bookingId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'confirmed', paymentState: 'authorized' });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
