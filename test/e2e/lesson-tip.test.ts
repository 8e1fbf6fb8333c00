import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { aBookingCast, aSavedCard, signIn, type PayingStudent, type SignedInPerson } from '../support/builders.ts';
import { logIn, screenshotDir, seriousViolations, startBrowserApp, type BrowserApp } from '../support/browser-app.ts';
import type { TestApp } from '../support/test-app.ts';

const SHOTS = screenshotDir('LESSON_SCREENSHOTS');

/**
 * After a lesson, in a browser (issue 11 §14): the lesson page offers exactly what the API's
 * `allowedActions` allows; the student tips — a refused card said clearly and nothing charged,
 * then a tip that goes through and is shown once given; the instructor sees it. The calendar
 * page shows the private feed address and makes a new one after a confirmation, the old one
 * then refused.
 *
 * Clock: Monday 2026-11-23 15:00 UTC; the lesson is Tuesday 15:00–16:00 UTC (10 AM New York),
 * and the test moves to 16:05 UTC, when it is completed.
 */
describe('tipping a lesson and the calendar page in a browser', () => {
  let app: BrowserApp;
  let t: TestApp;
  let baseUrl: string;
  let student: PayingStudent;
  let instructor: SignedInPerson;
  let bookingId: string;
  let goodCard: string;
  let failingCard: string;
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    app = await startBrowserApp();
    ({ t, baseUrl } = app);
    const cast = await aBookingCast(t, { days: ['2026-11-24'], students: 1 });
    ({ instructor } = cast);
    student = cast.students[0]!;
    goodCard = student.card;
    const booked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: { authorization: student.authorization },
      payload: { instructorId: instructor.id, serviceId: cast.serviceId, durationMinutes: 60, startsAt: '2026-11-24T15:00:00.000Z', locationType: 'online', paymentMethodId: goodCard },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    bookingId = booked.json().id;
    // A second card that saves but refuses every charge (the local Stripe's 4000 0000 0000 0341).
    failingCard = await aSavedCard(t, student.authorization, '4000000000000341');

    (t.clock as ControllableClock).set('2026-11-24T16:05:00.000Z');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/dev/jobs/run-due' })).statusCode).toBe(200);
    for (const who of [student, instructor]) who.authorization = (await signIn(t, who.login)).authorization;
    ({ page, errors } = await app.newPage());
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  const detail = async (who: SignedInPerson) => (await t.app.inject({ method: 'GET', url: `/api/v1/bookings/${bookingId}`, headers: { authorization: who.authorization } })).json();
  /** Which of the page's actions are on screen, by the API's names. */
  async function actionsShown(p: Page) {
    const visible = async (role: 'button' | 'form', name: string | RegExp) => (await p.getByRole(role, { name }).count()) > 0;
    return {
      cancel: await visible('button', 'Cancel lesson'),
      reschedule: await visible('button', /^Reschedule/),
      reportNoShow: await visible('button', /^Report that .* did not come$/),
      disputeNoShow: await visible('button', 'Dispute the report'),
      tip: await visible('form', 'Tip the instructor'),
    };
  }
  const allowedOnPage = (allowed: Record<string, boolean>) => ({
    cancel: allowed.cancel,
    reschedule: allowed.reschedule,
    reportNoShow: allowed.reportNoShow,
    disputeNoShow: allowed.disputeNoShow,
    tip: allowed.tip,
  });

  it('shows the actions the API allows, and a refused card clearly, with nothing charged', async () => {
    await page.goto(`${baseUrl}/lessons/${bookingId}`);
    await logIn(page, student.login);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const tipRegion = page.getByRole('region', { name: 'Tip' });
    await tipRegion.waitFor();
    const api = await detail(student);
    expect(api.allowedActions).toMatchObject({ tip: true, reportNoShow: true, cancel: false, reschedule: false });
    expect(await actionsShown(page)).toEqual(allowedOnPage(api.allowedActions));
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/lesson-tip-offered.png`, fullPage: true });

    // The card on the lesson now refuses charges.
    await t.database.db.updateTable('bookings').set({ paymentMethodId: failingCard }).where('id', '=', bookingId).execute();
    const form = tipRegion.getByRole('form', { name: 'Tip the instructor' });
    await form.getByLabel('Other amount').check();
    await form.getByLabel('Tip in dollars').fill('12.50');
    await form.getByRole('button', { name: 'Tip $12.50' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/^Your card was declined\s+Your card was not charged: .*[^.]\. Nothing was taken; try again, or update your card\.$/);
    expect(await t.database.db.selectFrom('bookingTips').select('state').where('bookingId', '=', bookingId).execute()).toEqual([{ state: 'failed' }]);
    expect((await detail(student)).tip).toBeNull();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/lesson-tip-declined.png`, fullPage: true });
  });

  it('tips with a preset amount, then shows the tip once given; the instructor sees it too', async () => {
    await t.database.db.updateTable('bookings').set({ paymentMethodId: goodCard }).where('id', '=', bookingId).execute();
    const tipRegion = page.getByRole('region', { name: 'Tip' });
    const form = tipRegion.getByRole('form', { name: 'Tip the instructor' });
    await form.getByLabel('$10').check();
    await form.getByRole('button', { name: 'Tip $10' }).click();
    await tipRegion.getByRole('status').getByText(/^You tipped .* \$10 on Tuesday, November 24, 2026 at 11:05\sAM\. All of it goes to the instructor\.$/).waitFor();
    expect(await tipRegion.getByRole('form').count()).toBe(0);
    const api = await detail(student);
    expect(api.tip).toMatchObject({ amountCents: 1_000, state: 'succeeded' });
    expect(api.allowedActions.tip).toBe(false);
    expect(await actionsShown(page)).toEqual(allowedOnPage(api.allowedActions));
    await page.screenshot({ path: `${SHOTS}/lesson-tip-given.png`, fullPage: true });

    const other = await app.newPage();
    await other.page.goto(`${baseUrl}/lessons/${bookingId}`);
    await logIn(other.page, instructor.login);
    await other.page.getByRole('region', { name: 'Tip' }).getByText(/tipped you \$10/).waitFor();
    expect(await actionsShown(other.page)).toEqual(allowedOnPage((await detail(instructor)).allowedActions));
    expect(await seriousViolations(other.page)).toEqual([]);
    expect(other.errors).toEqual([]);
    await other.page.context().close();
  });

  it('the calendar page: the private address to copy, and a new one after a confirmation, the old one then refused', async () => {
    await page.goto(`${baseUrl}/account`);
    await page.getByRole('link', { name: 'Add your lessons to your calendar' }).click();
    await page.waitForURL(/\/account\/calendar$/);
    const address = page.getByLabel('Calendar feed address');
    await address.waitFor();
    const oldUrl = (await address.innerText()).trim();
    expect(oldUrl).toMatch(new RegExp(`^${baseUrl}/api/v1/calendar/.+\\.ics$`));
    expect(await page.getByRole('button', { name: 'Copy the address' }).count()).toBe(1);
    expect(await page.getByRole('main').innerText()).toMatch(/Google Calendar[\s\S]*Apple Calendar/);
    expect(await seriousViolations(page)).toEqual([]);
    const path = (url: string) => new URL(url).pathname;
    expect((await t.app.inject({ method: 'GET', url: path(oldUrl) })).statusCode).toBe(200);

    await page.getByRole('button', { name: 'Make a new address' }).click();
    const dialog = page.getByRole('dialog', { name: 'Make a new calendar address?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/stops working at once/);
    await page.screenshot({ path: `${SHOTS}/calendar-rotate-confirm.png`, fullPage: true });
    await dialog.getByRole('button', { name: 'Make a new address' }).click();
    await page.getByRole('status').getByText(/Your calendar has a new address\. The old one no longer works/).waitFor();
    await expect.poll(async () => (await address.innerText()).trim()).not.toBe(oldUrl);
    const newUrl = (await address.innerText()).trim();
    expect((await t.app.inject({ method: 'GET', url: path(oldUrl) })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: path(newUrl) })).statusCode).toBe(200);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/calendar-rotated.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
});
