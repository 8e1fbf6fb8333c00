import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPublishedInstructor, aSavedCard, aStudent, aUser, openDays, signIn, type BuiltInstructor, type BuiltUser } from '../support/builders.ts';
import { logIn, screenshotDir, seriousViolations, startBrowserApp, type BrowserApp } from '../support/browser-app.ts';
import type { TestApp } from '../support/test-app.ts';

/** Where the screenshots go, to look at the pages (BOOKING_SCREENSHOTS=dir to choose). */
const SHOTS = screenshotDir('BOOKING_SCREENSHOTS', '/tmp');

/**
 * A student books a piano lesson from the instructor's profile with a saved card (test clock:
 * Monday 2026-11-23, 10:00 in New York; the instructor open all of Wednesday 2026-11-25). The
 * first time chosen is taken by someone else before "Book": the page says so and shows the
 * times open now; the second one books. The lesson is in the student's My lessons and in the
 * instructor's.
 */
describe('booking in a browser', () => {
  let app: BrowserApp;
  let t: TestApp;
  let baseUrl: string;
  let instructor: BuiltInstructor;
  let student: BuiltUser;
  let serviceId: string;

  beforeAll(async () => {
    app = await startBrowserApp();
    ({ t, baseUrl } = app);
    instructor = await aPublishedInstructor(t, {
      name: 'Clara Wieck',
      services: [{ slug: 'piano', lessonTypes: ['online'], rates: [{ durationMinutes: 30, rateCents: 4_500 }, { durationMinutes: 60, rateCents: 8_000 }] }],
    });
    serviceId = (await t.database.db.selectFrom('services').select('id').where('slug', '=', 'piano').executeTakeFirstOrThrow()).id;
    await openDays(t, instructor.id, ['2026-11-25']);
    student = await aStudent(t, { name: 'Sam Student' });
    await aSavedCard(t, (await signIn(t, student)).authorization);
  }, 90_000);

  afterAll(async () => {
    await app?.close();
  });

  let bookingId = '';

  it('books from the profile with the saved card; a time taken meanwhile says so and shows the open times', async () => {
    const { page, errors } = await app.newPage();
    const keys: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/v1/bookings')) keys.push(request.headers()['idempotency-key'] ?? '');
    });
    await page.goto(`${baseUrl}/instructors/${instructor.id}`);
    await page.getByRole('heading', { level: 1, name: 'Clara Wieck' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/bkweb-profile.png` });
    await page.getByRole('link', { name: 'Book a lesson' }).click();
    await logIn(page, student);
    await page.waitForURL(new RegExp(`/instructors/${instructor.id}/book`));
    await page.getByRole('heading', { level: 1, name: 'Book a lesson with Clara Wieck' }).waitFor();

    const form = page.getByRole('form', { name: 'Book a lesson' });
    await form.getByLabel('Length').selectOption({ label: '60 minutes' });
    await form.getByLabel('Day').selectOption({ label: 'Wednesday, November 25' });
    await form.getByLabel('Start time').selectOption({ label: '10:00 AM' });
    // One lesson type (online): already chosen. The price is the API's quote, line by line.
    expect(await form.getByRole('radio', { name: 'Online' }).isChecked()).toBe(true);
    await expect.poll(() => form.getByLabel('Price breakdown').innerText()).toMatch(/Lesson\s*\$80\s*Booking fee\s*\$9\.60\s*Total\s*\$89\.60\s*Card pays\s*\$89\.60/);
    expect(await form.getByRole('radio', { name: /Visa •••• 4242/ }).isChecked()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/bkweb-book.png`, fullPage: true });

    // Someone else books 10:00 first.
    const rival = await aStudent(t, { name: 'Rita Rival' });
    const rivalAuth = (await signIn(t, rival)).authorization;
    const taken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: { authorization: rivalAuth },
      payload: {
        instructorId: instructor.id,
        serviceId,
        durationMinutes: 60,
        startsAt: '2026-11-25T15:00:00.000Z',
        locationType: 'online',
        paymentMethodId: await aSavedCard(t, rivalAuth),
      },
    });
    expect(taken.statusCode).toBe(201);

    await form.getByRole('button', { name: 'Book for $89.60' }).click();
    await page.getByRole('alert').getByText('Someone else just booked this time.').waitFor();
    // The times were asked again: 10:00 is gone (and its buffer), none is chosen.
    expect(await form.getByLabel('Start time').inputValue()).toBe('');
    const times = await form.getByLabel('Start time').locator('option').allInnerTexts();
    expect(times).not.toContain('10:00 AM');
    expect(times).toContain('1:00 PM');
    await page.screenshot({ path: `${SHOTS}/bkweb-slot-taken.png`, fullPage: true });

    await form.getByLabel('Start time').selectOption({ label: '1:00 PM' });
    await expect.poll(() => form.getByLabel('Price breakdown').innerText()).toMatch(/Total\s*\$89\.60/);
    await form.getByRole('button', { name: 'Book for $89.60' }).click();
    await page.waitForURL(/\/lessons\/[0-9A-Z]{26}\/booked$/);
    bookingId = page.url().split('/').at(-2)!;
    await page.getByRole('heading', { level: 1, name: 'Your lesson is booked' }).waitFor();
    await page.getByRole('status').getByText('Piano with Clara Wieck is confirmed.').waitFor();
    const details = await page.getByRole('main').innerText();
    expect(details).toMatch(/Wednesday, November 25, 2026 at 1:00\s*PM – 2:00\s*PM/);
    expect(details).toMatch(/Online/);
    expect(details).toMatch(/Card checked; it is authorized 24 hours before the lesson/);
    await page.screenshot({ path: `${SHOTS}/bkweb-booked.png`, fullPage: true });

    // Each attempt its own key (the refused one and the one that booked), each well formed.
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/);

    // My lessons, from the user menu.
    await page.getByRole('button', { name: 'Sam Student' }).click();
    await page.getByRole('banner').getByRole('link', { name: 'My lessons', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'My lessons' }).waitFor();
    const upcoming = page.getByRole('list', { name: 'Upcoming lessons' });
    await upcoming.waitFor();
    expect(await upcoming.getByRole('listitem').allInnerTexts()).toEqual([expect.stringMatching(/Piano with Clara Wieck[\s\S]*Confirmed[\s\S]*1:00\s*PM[\s\S]*\$89\.60 in all/)]);
    // A student-only account has no role switch.
    expect(await page.getByRole('navigation', { name: 'Lessons as' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/bkweb-my-lessons.png`, fullPage: true });

    await page.getByRole('link', { name: 'Cancelled' }).click();
    await page.getByText('No cancelled lessons.').waitFor();
    await page.getByRole('link', { name: 'Upcoming' }).click();
    await upcoming.getByRole('link', { name: 'Piano with Clara Wieck' }).click();
    await page.waitForURL(new RegExp(`/lessons/${bookingId}$`));
    await page.getByRole('heading', { level: 1, name: 'Piano with Clara Wieck' }).waitFor();
    // The student's actions on a confirmed lesson (lesson-actions.test.ts follows them).
    expect(await page.getByRole('region', { name: 'Change this lesson' }).getByRole('button').allInnerTexts()).toEqual(['Reschedule (2 left)', 'Cancel lesson']);
    await page.screenshot({ path: `${SHOTS}/bkweb-lesson.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("shows the lesson in the instructor's lessons, with the student's name", async () => {
    const { page, errors } = await app.newPage();
    await page.goto(`${baseUrl}/lessons`);
    await logIn(page, instructor);
    await page.waitForURL(/\/lessons$/);
    const upcoming = page.getByRole('list', { name: 'Upcoming lessons' });
    await upcoming.waitFor();
    const rows = await upcoming.getByRole('listitem').allInnerTexts();
    expect(rows).toEqual([expect.stringMatching(/Piano with Rita Rival[\s\S]*10:00\s*AM/), expect.stringMatching(/Piano with Sam Student[\s\S]*1:00\s*PM[\s\S]*lesson \$80/)]);
    await page.screenshot({ path: `${SHOTS}/bkweb-instructor-lessons.png`, fullPage: true });
    await upcoming.getByRole('link', { name: 'Piano with Sam Student' }).click();
    await page.waitForURL(new RegExp(`/lessons/${bookingId}$`));
    await page.getByRole('heading', { level: 1, name: 'Piano with Sam Student' }).waitFor();
    const details = await page.getByRole('main').innerText();
    expect(details).toMatch(/Student\s*Sam Student/);
    // The instructor is not shown the student's card.
    expect(details).not.toMatch(/4242/);
    await page.screenshot({ path: `${SHOTS}/bkweb-instructor-lesson.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('switches between lessons as a student and as an instructor for an account that is both', async () => {
    const dual = await aUser(t, { roles: ['student', 'instructor'], name: 'Dana Dual' });
    const authorization = (await signIn(t, dual)).authorization;
    const booked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: { authorization },
      payload: { instructorId: instructor.id, serviceId, durationMinutes: 30, startsAt: '2026-11-25T21:00:00.000Z', locationType: 'online', paymentMethodId: await aSavedCard(t, authorization) },
    });
    expect(booked.statusCode).toBe(201);

    const { page, errors } = await app.newPage();
    await page.goto(`${baseUrl}/lessons`);
    await logIn(page, dual);
    await page.waitForURL(/\/lessons$/);
    const roles = page.getByRole('navigation', { name: 'Lessons as' });
    expect(await roles.getByRole('link', { name: 'As a student' }).getAttribute('aria-current')).toBe('page');
    const upcoming = page.getByRole('list', { name: 'Upcoming lessons' });
    // The list arrives after the page's frame (its own request): read it once it is there, as a person would.
    await upcoming.getByRole('listitem').first().waitFor();
    expect(await upcoming.getByRole('listitem').allInnerTexts()).toEqual([expect.stringMatching(/Piano with Clara Wieck[\s\S]*4:00\s*PM – 4:30\s*PM/)]);
    await roles.getByRole('link', { name: 'As an instructor' }).click();
    await page.waitForURL(/\/lessons\?as=instructor$/);
    await page.getByText('No upcoming lessons.').waitFor();
    await page.screenshot({ path: `${SHOTS}/bkweb-role-switch.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('saves a new card while booking, on the booking page, and books with it', async () => {
    const newcomer = await aStudent(t, { name: 'Nina Newcard' });
    const { page, errors } = await app.newPage();
    await page.goto(`${baseUrl}/instructors/${instructor.id}/book`);
    await logIn(page, newcomer);
    await page.waitForURL(new RegExp(`/instructors/${instructor.id}/book`));
    const form = page.getByRole('form', { name: 'Book a lesson' });
    await form.getByLabel('Length').selectOption({ label: '60 minutes' });
    await form.getByLabel('Day').selectOption({ label: 'Wednesday, November 25' });
    await form.getByLabel('Start time').selectOption({ label: '6:00 PM' });
    await form.getByText('You have no saved card yet: add one to book.').waitFor();
    await form.getByRole('button', { name: 'Add a card' }).click();
    // The card form sits inside the booking page: saving the card must not submit the booking.
    const cardForm = page.getByRole('form', { name: 'Add a card' });
    await cardForm.getByLabel('Card number').fill('4242 4242 4242 4242');
    await cardForm.getByLabel(/Expir/).fill('12 / 30');
    await cardForm.getByLabel('CVC').fill('123');
    await cardForm.getByLabel(/ZIP/).fill('10001');
    await cardForm.getByRole('button', { name: 'Save card' }).click();
    await expect.poll(() => form.getByRole('radio', { name: /Visa •••• 4242/ }).isChecked()).toBe(true);
    // The choices are still there.
    expect(await form.getByLabel('Start time').inputValue()).not.toBe('');
    await form.getByRole('button', { name: 'Book for $89.60' }).click();
    await page.waitForURL(/\/lessons\/[0-9A-Z]{26}\/booked$/);
    await page.getByRole('status').getByText('Piano with Clara Wieck is confirmed.').waitFor();
    expect(await page.getByRole('main').innerText()).toMatch(/Wednesday, November 25, 2026 at 6:00\s*PM – 7:00\s*PM/);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
