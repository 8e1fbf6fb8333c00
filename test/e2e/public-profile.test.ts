import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST_DIR } from '../../apps/server/src/runtime.ts';
import { aPublishedInstructor, signIn, type BuiltInstructor } from '../support/builders.ts';
import { launchBrowser } from '../support/browser.ts';
import { axeViolations } from '../support/browser-app.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * A visitor opens public instructor profiles (test clock: Monday 2026-11-23, 10:00 in New
 * York): the studio area (never the address), who the instructor teaches and in which
 * languages, open times for the lesson and length chosen, a 404 page for an unknown profile,
 * and no serious accessibility problem on the page or its map.
 */
describe('public instructor profile in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let studioTeacher: BuiltInstructor;

  beforeAll(async () => {
    t = await createTestApp({ webDistDir: WEB_DIST_DIR });
    baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
    studioTeacher = await aPublishedInstructor(t, {
      name: 'Teresa Carreño',
      headline: 'Piano teacher in Park Slope · 8 years of experience',
      studio: { address: '400 7th Avenue, Brooklyn, NY', lat: 40.6681, lng: -73.9806 },
      travelsToStudents: true,
      services: [
        { slug: 'piano', rates: [{ durationMinutes: 60, rateCents: 9_500 }, { durationMinutes: 30, rateCents: 5_000 }] },
        { slug: 'voice', rates: [{ durationMinutes: 45, rateCents: 7_000 }] },
      ],
    });
    await t.database.db.updateTable('instructorProfiles').set({ languages: ['es', 'yue'] }).where('userId', '=', studioTeacher.id).execute();
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/instructor-profile/service-areas',
      headers: { authorization: (await signIn(t, studioTeacher)).authorization },
      payload: { neighborhoodCodes: ['BK0602'] },
    });
    // Open on Tuesday 2026-11-24 from 10:00 to 11:00 only.
    const { authorization } = await signIn(t, studioTeacher);
    const week = await t.app.inject({ method: 'GET', url: '/api/v1/me/availability?weekStart=2026-11-23', headers: { authorization } });
    const hour10 = Array.from({ length: 24 }, (_, i) => (i === 10 ? 'F' : '0')).join('');
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/availability?weekStart=2026-11-23',
      headers: { authorization, 'if-match': week.headers.etag as string },
      payload: {
        days: week.json().days.map((d: { date: string }) => ({ date: d.date, cells: d.date === '2026-11-24' ? hour10 : '0'.repeat(24) })),
        blackouts: [],
      },
    });
    expect(saved.statusCode).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A page whose clock is the test clock's (the open times start from "today"). */
  async function openPage(path: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    await context.clock.setFixedTime(t.clock.now());
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${baseUrl}${path}`);
    return { page, errors };
  }

  it('shows a studio instructor with the approximate studio area on the map and no address', async () => {
    const { page, errors } = await openPage(`/instructors/${studioTeacher.id}`);
    await page.getByRole('heading', { level: 1, name: 'Teresa Carreño' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Lessons and prices' }).waitFor();
    await page.getByText('$95 for 60 min').waitFor();
    await page.getByText(/inside the orange circle on the map/).waitFor();
    await page.locator('path.studio-area').waitFor();
    await page.locator('path.served-BK0602').waitFor();
    // The photo could not be found: the page falls back to the initial instead of a broken image.
    await expect.poll(() => page.getByRole('img', { name: /Teresa/ }).count()).toBe(0);
    expect(await page.getByText('400 7th Avenue').count()).toBe(0);
    // Rendering errors end in the error page (React catches them), script errors in `errors`.
    expect(await page.getByRole('heading', { name: 'Something went wrong' }).count()).toBe(0);
    expect(errors).toEqual([]);
    if (process.env.INSTRUCTOR_SCREENSHOTS !== '0') await page.screenshot({ path: '/tmp/public-studio.png', fullPage: true });
    await page.context().close();
  });

  it('says who the instructor teaches, languages by name, and the years of experience once', async () => {
    const { page } = await openPage(`/instructors/${studioTeacher.id}`);
    await page.getByRole('heading', { level: 1, name: 'Teresa Carreño' }).waitFor();
    const facts = page.locator('dl').first();
    await facts.getByText('Kids, Teens, and Adults').waitFor();
    await facts.getByText('Beginner and Intermediate').waitFor();
    await facts.getByText('Spanish and Cantonese').waitFor();
    const body = await page.locator('main').innerText();
    expect(body).not.toMatch(/\byue\b|\bes\b/);
    // The headline says "8 years of experience": the line under it does not repeat it.
    expect(body.match(/8 years of experience/g)).toHaveLength(1);
    await page.context().close();
  });

  it('shows open times as plain text for the lesson and length chosen, asking again on each choice', async () => {
    const { page } = await openPage(`/instructors/${studioTeacher.id}`);
    const times = page.getByRole('list', { name: /^Open times for/ });
    // The first length the instructor prices, 30 minutes: every quarter hour that fits 10:00–11:00.
    await page.getByRole('list', { name: 'Open times for Piano, 30 minutes' }).waitFor();
    const startsOf = () => times.getByRole('listitem').allInnerTexts();
    await expect.poll(startsOf).toEqual(['Tue, Nov 24, 10:00 AM', 'Tue, Nov 24, 10:15 AM', 'Tue, Nov 24, 10:30 AM']);
    // Nothing in the list looks or acts like a button: booking does not exist yet.
    expect(await times.getByRole('button').count()).toBe(0);
    expect(await times.locator('a').count()).toBe(0);

    await page.getByLabel('Length').selectOption('60');
    await page.getByRole('list', { name: 'Open times for Piano, 60 minutes' }).waitFor();
    await expect.poll(startsOf).toEqual(['Tue, Nov 24, 10:00 AM']);

    // Voice is sold in 45 minutes only: the length follows the lesson.
    await page.getByLabel('Lesson', { exact: true }).selectOption({ label: 'Voice' });
    await page.getByRole('list', { name: 'Open times for Voice, 45 minutes' }).waitFor();
    await expect.poll(startsOf).toEqual(['Tue, Nov 24, 10:00 AM', 'Tue, Nov 24, 10:15 AM']);
    await page.context().close();
  });

  it('fetches only the neighborhoods the profile lists, not all 262', async () => {
    const { page } = await openPage('/');
    const request = page.waitForRequest((r) => r.url().includes('/api/v1/neighborhoods'));
    await page.goto(`${baseUrl}/instructors/${studioTeacher.id}`);
    expect(new URL((await request).url()).searchParams.get('codes')).toBe('BK0602');
    await page.context().close();
  });

  it('shows the not-found page for an unknown instructor or a malformed address', async () => {
    for (const id of ['01KB0000000000000000000000', 'not-an-id']) {
      const { page } = await openPage(`/instructors/${id}`);
      await page.getByRole('heading', { level: 1, name: 'Instructor not found' }).waitFor();
      await page.getByText('404').waitFor();
      await page.getByRole('link', { name: 'Back to home' }).waitFor();
      expect(await page.getByText(/Trace ID/).count()).toBe(0);
      await page.context().close();
    }
  });

  it('has no serious accessibility violations, and nothing focusable inside aria-hidden on the map', async () => {
    const { page } = await openPage(`/instructors/${studioTeacher.id}`);
    await page.locator('path.studio-area').waitFor();
    await page.getByRole('list', { name: /^Open times for/ }).waitFor();
    const violations = await axeViolations(page);
    expect(violations.filter((v) => v.id === 'aria-hidden-focus')).toEqual([]);
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page.context().close();
  });
});
