import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { aBookableInstructor, aStudent, signIn, type BuiltInstructor, type BuiltUser } from '../support/builders.ts';
import { logIn, screenshotDir, seriousViolations, startBrowserApp, type BrowserApp } from '../support/browser-app.ts';
import type { TestApp } from '../support/test-app.ts';

/** Where the screenshots go, to look at the pages (BOOKING_SCREENSHOTS=dir to choose). */
const SHOTS = screenshotDir('BOOKING_SCREENSHOTS', '/tmp');

/**
 * 3-D Secure while booking, in a browser (issue 11: "saved or new card with 3-D Secure"; test
 * clock Monday 2026-11-23, 10:00 in New York; the instructor open all of Tuesday 24 and
 * Wednesday 25). A lesson tomorrow morning (< 24 h) with a card whose bank always asks (3184):
 * the bank's page, then the booked page — and a failed check says so and keeps the choices.
 * Then a student books Wednesday with a NEW card that asks at setup (3155): the bank's page
 * while saving it, back to the booking with the choices kept, booked; the lesson is in My
 * lessons and in the instructor's; time travel to T-24 h shows it authorized, to end + 24 h paid.
 */
describe('booking with 3-D Secure in a browser', () => {
  let app: BrowserApp;
  let t: TestApp;
  let baseUrl: string;
  let instructor: BuiltInstructor;

  beforeAll(async () => {
    app = await startBrowserApp();
    ({ t, baseUrl } = app);
    ({ instructor } = await aBookableInstructor(t, { name: 'Clara Wieck', days: ['2026-11-24', '2026-11-25'] }));
  }, 90_000);

  afterAll(async () => {
    await app?.close();
  });

  /** A student with `number` saved the way the payment methods page does, through the bank's check at setup. */
  async function aStudentWithCard(name: string, number: string): Promise<BuiltUser> {
    const student = await aStudent(t, { name });
    const { authorization } = await signIn(t, student);
    const setup = (await t.app.inject({ method: 'POST', url: '/api/v1/me/payment-methods/setup', headers: { authorization } })).json();
    const browser = new Stripe(setup.publishableKey, { httpClient: Stripe.createFetchHttpClient(t.app.localStripe!.fetch), maxNetworkRetries: 0 });
    const method = await browser.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: 2030, cvc: '123' } });
    const confirmed = await browser.setupIntents.confirm(setup.setupIntentId, { payment_method: method.id, client_secret: setup.clientSecret, return_url: `${baseUrl}/account/payment-methods` } as never);
    if (confirmed.status === 'requires_action') await t.app.localStripe!.completeThreeDSecure(setup.setupIntentId, 'succeed');
    return student;
  }

  /** The booking page with a time chosen (60 minutes, online: the only choices). */
  async function chooseTime(page: Page, student: BuiltUser, day: string, time: string) {
    await page.goto(`${baseUrl}/instructors/${instructor.id}/book`);
    await logIn(page, student);
    await page.waitForURL(new RegExp(`/instructors/${instructor.id}/book`));
    const form = page.getByRole('form', { name: 'Book a lesson' });
    await form.getByLabel('Day').selectOption({ label: day });
    await form.getByLabel('Start time').selectOption({ label: time });
    await expect.poll(() => form.getByLabel('Price breakdown').innerText()).toMatch(/Total\s*\$89\.60/);
    return form;
  }

  it('books a lesson less than 24 h away with a card whose bank asks: the bank page, then booked', async () => {
    const student = await aStudentWithCard('Asha Always', '4000002760003184');
    const { page, errors } = await app.newPage();
    const form = await chooseTime(page, student, 'Tuesday, November 24', '9:00 AM');
    await expect.poll(() => form.getByRole('radio', { name: /Visa •••• 3184/ }).isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Book for $89.60' }).click();

    // The bank's page (the local Stripe's), with the amount.
    await page.getByRole('heading', { name: '3-D Secure authentication' }).waitFor();
    expect(await page.locator('body').innerText()).toMatch(/89\.60 USD/);
    await page.screenshot({ path: `${SHOTS}/bk3ds-bank.png`, fullPage: true });
    await page.getByRole('button', { name: 'Complete authentication' }).click();

    await page.waitForURL(/\/lessons\/[0-9A-Z]{26}\/booked$/);
    await page.getByRole('status').getByText('Piano with Clara Wieck is confirmed.').waitFor();
    const details = await page.getByRole('main').innerText();
    expect(details).toMatch(/Tuesday, November 24, 2026 at 9:00\s*AM – 10:00\s*AM/);
    expect(details).toMatch(/Amount held on the card/);
    await page.screenshot({ path: `${SHOTS}/bk3ds-booked-now.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a failed check says so and keeps the choices; the time is open again', async () => {
    const student = await aStudentWithCard('Fred Fails', '4000002760003184');
    const { page, errors } = await app.newPage();
    const form = await chooseTime(page, student, 'Tuesday, November 24', '7:00 AM');
    await form.getByRole('button', { name: 'Book for $89.60' }).click();
    await page.getByRole('heading', { name: '3-D Secure authentication' }).waitFor();
    await page.getByRole('button', { name: 'Fail authentication' }).click();

    await page.waitForURL(new RegExp(`/instructors/${instructor.id}/book`));
    await page.getByRole('alert').getByText(/Your bank did not confirm the payment \(3-D Secure\), so nothing is booked/).waitFor();
    // The choices are kept, the time free again, the card still chosen.
    expect(await form.getByLabel('Day').locator('option:checked').innerText()).toBe('Tuesday, November 24');
    await expect.poll(() => form.getByLabel('Start time').locator('option:checked').innerText()).toBe('7:00 AM');
    expect(await form.getByRole('radio', { name: /Visa •••• 3184/ }).isChecked()).toBe(true);
    expect(new URL(page.url()).searchParams.has('payment_intent')).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/bk3ds-failed.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('books with a new card that asks at setup (3155): the bank page while saving it, then booked; My lessons, the instructor, T-24 h authorized, end + 24 h paid', async () => {
    // A saved card already (the default, chosen first); the new one chosen once the bank let it be saved.
    const student = await aStudentWithCard('Nina Newcard', '4242424242424242');
    const { page, errors } = await app.newPage();
    const form = await chooseTime(page, student, 'Wednesday, November 25', '1:00 PM');
    await expect.poll(() => form.getByRole('radio', { name: /Visa •••• 4242/ }).isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Add a card' }).click();
    const cardForm = page.getByRole('form', { name: 'Add a card' });
    await cardForm.getByLabel('Card number').fill('4000 0025 0000 3155');
    await cardForm.getByLabel(/Expir/).fill('12 / 30');
    await cardForm.getByLabel('CVC').fill('123');
    await cardForm.getByLabel(/ZIP/).fill('10001');
    await cardForm.getByRole('button', { name: 'Save card' }).click();

    await page.getByRole('heading', { name: '3-D Secure authentication' }).waitFor();
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    await page.waitForURL(new RegExp(`/instructors/${instructor.id}/book`));
    await page.getByRole('status').getByText('Your bank confirmed the card. It is saved.').waitFor();
    // Back with the choices: the day and time as chosen, the new card paying.
    expect(await form.getByLabel('Day').locator('option:checked').innerText()).toBe('Wednesday, November 25');
    await expect.poll(() => form.getByLabel('Start time').locator('option:checked').innerText()).toBe('1:00 PM');
    await expect.poll(() => form.getByRole('radio', { name: /Visa •••• 3155/ }).isChecked()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/bk3ds-card-saved.png`, fullPage: true });
    await form.getByRole('button', { name: 'Book for $89.60' }).click();
    await page.waitForURL(/\/lessons\/[0-9A-Z]{26}\/booked$/);
    const bookingId = page.url().split('/').at(-2)!;
    await page.getByRole('status').getByText('Piano with Clara Wieck is confirmed.').waitFor();
    expect(await page.getByRole('main').innerText()).toMatch(/Card checked; it is authorized 24 hours before the lesson/);

    // My lessons.
    await page.goto(`${baseUrl}/lessons`);
    const upcoming = page.getByRole('list', { name: 'Upcoming lessons' });
    await upcoming.waitFor();
    expect(await upcoming.getByRole('listitem').allInnerTexts()).toEqual([expect.stringMatching(/Piano with Clara Wieck[\s\S]*Confirmed[\s\S]*1:00\s*PM/)]);

    // The instructor's lessons.
    const teacher = await app.newPage();
    await teacher.page.goto(`${baseUrl}/lessons`);
    await logIn(teacher.page, instructor);
    await teacher.page.waitForURL(/\/lessons$/);
    const theirs = teacher.page.getByRole('list', { name: 'Upcoming lessons' });
    await theirs.waitFor();
    expect(await theirs.getByRole('listitem').allInnerTexts()).toContainEqual(expect.stringMatching(/Piano with Nina Newcard[\s\S]*1:00\s*PM/));
    expect(teacher.errors).toEqual([]);
    await teacher.page.context().close();

    // Time travel on /dev/stripe: T-24 h authorizes (off session: the card was authenticated when saved), end + 24 h charges.
    const travel = async (to: string) => {
      await page.goto(`${baseUrl}/dev/stripe?lesson=${bookingId}`);
      const panel = page.getByRole('region', { name: 'Time travel' });
      await panel.getByRole('button', { name: `To ${to}` }).click();
      const result = panel.getByRole('status', { name: 'Time travel result' });
      await result.waitFor({ timeout: 20_000 });
      return result;
    };
    const authorized = await travel('T-24 h');
    await expect.poll(() => authorized.innerText()).toMatch(/Clock now:\s*Tuesday, November 24, 2026 at 1:00\sPM[\s\S]*payment: Amount held on the card/);
    await page.screenshot({ path: `${SHOTS}/bk3ds-t24.png`, fullPage: true });
    const paid = await travel('End + 24 h');
    await expect.poll(() => paid.innerText()).toMatch(/Clock now:\s*Thursday, November 26, 2026 at 2:00\sPM[\s\S]*The lesson now:\s*Completed; payment: Charged/);
    await page.screenshot({ path: `${SHOTS}/bk3ds-paid.png`, fullPage: true });
    await page.goto(`${baseUrl}/lessons/${bookingId}`);
    await page.getByRole('region', { name: 'Payment timeline' }).getByText(/Paid: the card was charged/).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
