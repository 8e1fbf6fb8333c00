import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aBookingCast, type SignedInPerson } from '../support/builders.ts';
import { logIn, screenshotDir, seriousViolations, startBrowserApp, type BrowserApp } from '../support/browser-app.ts';
import type { TestApp } from '../support/test-app.ts';

const SHOTS = screenshotDir('INSTRUCTOR_SCREENSHOTS');

/**
 * The break an instructor keeps after each lesson, set on their availability page (test clock:
 * Monday 2026-11-23; a lesson booked Wednesday 15:00–16:00 UTC): the choices are the API's, the
 * open times follow the new break at once, the lesson booked keeps the break it was booked with.
 */
describe('the break after each lesson in a browser', () => {
  let app: BrowserApp;
  let t: TestApp;
  let baseUrl: string;
  let instructor: SignedInPerson;
  let serviceId: string;
  let bookingId: string;
  let studentAuthorization: string;

  beforeAll(async () => {
    app = await startBrowserApp();
    ({ t, baseUrl } = app);
    const cast = await aBookingCast(t, { days: ['2026-11-25'], students: 1 });
    ({ instructor, serviceId } = cast);
    const student = cast.students[0]!;
    studentAuthorization = student.authorization;
    const booked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: { authorization: student.authorization },
      payload: { instructorId: instructor.id, serviceId, durationMinutes: 60, startsAt: '2026-11-25T15:00:00.000Z', locationType: 'online', paymentMethodId: student.card },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    bookingId = booked.json().id;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  const slotStarts = async () =>
    (
      (await t.app.inject({ method: 'GET', url: `/api/v1/instructors/${instructor.id}/slots?serviceId=${serviceId}&durationMinutes=60&from=2026-11-25&to=2026-11-25` })).json()
        .slots as Array<{ start: string }>
    ).map((slot) => slot.start);

  it('changes the break from the availability page; the open times follow, the lesson booked keeps its own', async () => {
    expect(await slotStarts()).toContain('2026-11-25T16:15:00.000Z');
    const { page, errors } = await app.newPage();
    await page.goto(`${baseUrl}/instructor`);
    await logIn(page, instructor.login);
    const form = page.getByRole('form', { name: 'Break between lessons' });
    await form.waitFor();
    const select = form.getByLabel('Break after each lesson');
    expect(await select.inputValue()).toBe('15');
    const options = await select.locator('option').allInnerTexts();
    expect(options[0]).toBe('No break');
    expect(options.at(-1)).toBe('120 minutes');
    expect(options).toHaveLength(25);
    await select.selectOption({ label: '45 minutes' });
    await form.getByRole('button', { name: 'Save the break' }).click();
    await form.getByRole('status').getByText('Saved: 45 minutes after each lesson from now on.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await form.screenshot({ path: `${SHOTS}/availability-buffer.png` });

    const starts = await slotStarts();
    expect(starts).not.toContain('2026-11-25T16:15:00.000Z');
    expect(starts).toContain('2026-11-25T16:45:00.000Z');
    const booking = await t.app.inject({ method: 'GET', url: `/api/v1/bookings/${bookingId}`, headers: { authorization: studentAuthorization } });
    expect(booking.json().bufferMinutes).toBe(15);
    expect(errors).toEqual([]);
  });
});
