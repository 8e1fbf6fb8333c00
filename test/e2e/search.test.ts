import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPublishedInstructor, aStudent, signIn, type BuiltInstructor, type BuiltUser } from '../support/builders.ts';
import { logIn, screenshotDir, seriousViolations, startBrowserApp, type BrowserApp } from '../support/browser-app.ts';
import type { TestApp } from '../support/test-app.ts';

const QUERY = 'piano lessons for my 8 year old in park slope under $90 weekday evenings';
/** Where the screenshots go, to look at the pages (SEARCH_SCREENSHOTS=dir to choose). */
const SHOTS = screenshotDir('SEARCH_SCREENSHOTS');

/**
 * A parent searches in plain English (test clock: Monday 2026-11-23, 10:00 in New York): the
 * parse as chips, results that follow a chip removed, an open time that opens the profile with
 * it chosen; hearts and the home page's rows; "near me" without a shared location; a phone.
 */
describe('search in a browser', () => {
  let app: BrowserApp;
  let t: TestApp;
  let baseUrl: string;
  let affordable: BuiltInstructor;
  let pricey: BuiltInstructor;
  let parent: BuiltUser;

  beforeAll(async () => {
    // PUBLIC_URL is this server's address: a reload restores the session through the refresh
    // cookie, which the CSRF check accepts only from our own origin.
    app = await startBrowserApp();
    ({ t, baseUrl } = app);
    affordable = await aParkSlopePianist('Clara Wieck', 8_500);
    pricey = await aParkSlopePianist('Dmitri Kabalevsky', 12_000);
    parent = await aStudent(t, { name: 'Pat Parent' });
  }, 90_000);

  afterAll(async () => {
    await app?.close();
  });

  /** A piano teacher who travels to Park Slope, open Tuesday 2026-11-24 from 18:00 to 20:00. */
  async function aParkSlopePianist(name: string, rateCents: number): Promise<BuiltInstructor> {
    const instructor = await aPublishedInstructor(t, {
      name,
      headline: `Piano for children and beginners · ${name.split(' ')[0]}`,
      travelsToStudents: true,
      teachesOnline: false,
      services: [{ slug: 'piano', lessonTypes: ['student_location'], rates: [{ durationMinutes: 60, rateCents }] }],
    });
    const { authorization } = await signIn(t, instructor);
    const areas = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/instructor-profile/service-areas',
      headers: { authorization },
      payload: { neighborhoodCodes: ['BK0602'] },
    });
    expect(areas.statusCode).toBe(200);
    await openTuesdayEvening(authorization);
    return instructor;
  }

  /** Open Tuesday 2026-11-24 from 18:00 to 20:00 in New York, closed the rest of the week. */
  async function openTuesdayEvening(authorization: string): Promise<void> {
    const week = await t.app.inject({ method: 'GET', url: '/api/v1/me/availability?weekStart=2026-11-23', headers: { authorization } });
    const evening = Array.from({ length: 24 }, (_, hour) => (hour === 18 || hour === 19 ? 'F' : '0')).join('');
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/availability?weekStart=2026-11-23',
      headers: { authorization, 'if-match': week.headers.etag as string },
      payload: {
        days: week.json().days.map((d: { date: string }) => ({ date: d.date, cells: d.date === '2026-11-24' ? evening : '0'.repeat(24) })),
        blackouts: [],
      },
    });
    expect(saved.statusCode).toBe(200);
  }

  /** A page whose clock is the test clock's (open times and "weekday evenings" start from "now"). */
  async function openPage(path: string, options: BrowserContextOptions = {}): Promise<{ page: Page; errors: string[] }> {
    const { page, errors } = await app.newPage(options);
    await page.goto(`${baseUrl}${path}`);
    return { page, errors };
  }

  const results = (page: Page) => page.getByRole('list', { name: 'Instructors found' });
  const resultNames = (page: Page) => results(page).getByRole('heading', { level: 3 }).allInnerTexts();

  it('types the Park Slope query, sees the chips and only who matches, then removes the price and sees more', async () => {
    const { page, errors } = await openPage('/');
    const box = page.getByRole('search', { name: 'Search lessons' }).getByLabel('What do you want to learn?');
    await box.fill(QUERY);
    await box.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    expect(new URL(page.url()).searchParams.get('q')).toBe(QUERY);

    const chips = page.getByRole('list', { name: 'Search filters' });
    await chips.waitFor();
    const chipText = await chips.innerText();
    expect(chipText).toMatch(/Lesson:\s*Piano/);
    expect(chipText).toMatch(/Age:\s*Kids/);
    expect(chipText).toMatch(/Place:\s*Park Slope/);
    expect(chipText).toMatch(/Price:\s*Up to \$90\/hr/);
    expect(chipText).toMatch(/When:\s*Weekdays · evenings/);
    await expect.poll(() => resultNames(page)).toEqual(['Clara Wieck']);
    const card = results(page).getByRole('article', { name: 'Clara Wieck' });
    await card.getByText('$85/hr').waitFor();
    await card.getByText('Comes to you').waitFor();
    await page.locator('path.served-BK0602').waitFor();
    await page.screenshot({ path: `${SHOTS}/web-search-desktop.png`, fullPage: true });

    await page.getByRole('button', { name: 'Remove price: Up to $90/hr' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('priceMaxCents')).toBe('none');
    await expect.poll(async () => (await resultNames(page)).sort()).toEqual(['Clara Wieck', 'Dmitri Kabalevsky']);
    expect(await chips.innerText()).not.toMatch(/Price:/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('edits the price chip with a number and the results follow', async () => {
    const { page } = await openPage(`/search?${new URLSearchParams({ q: QUERY })}`);
    await expect.poll(() => resultNames(page)).toEqual(['Clara Wieck']);
    await page.getByRole('button', { name: 'Change price: Up to $90/hr' }).click();
    await page.getByLabel('Most you want to pay per hour ($)').fill('150');
    await page.screenshot({ path: `${SHOTS}/web-search-edit-price.png` });
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('priceMaxCents')).toBe('15000');
    await page.getByRole('button', { name: 'Change price: Up to $150/hr' }).waitFor();
    await expect.poll(async () => (await resultNames(page)).sort()).toEqual(['Clara Wieck', 'Dmitri Kabalevsky']);
    await page.context().close();
  });

  it('opens a result’s open time and lands on the profile with that time chosen', async () => {
    const { page, errors } = await openPage(`/search?${new URLSearchParams({ q: QUERY })}`);
    const times = page.getByRole('list', { name: 'Next open times with Clara Wieck' });
    const first = times.getByRole('link').first();
    await expect.poll(() => first.innerText()).toMatch(/^Tue, Nov 24, 6:00 PM/);
    await first.click();
    await page.waitForURL(new RegExp(`/instructors/${affordable.id}\\?`));
    const url = new URL(page.url());
    expect(url.searchParams.get('start')).toBe('2026-11-24T23:00:00.000Z');
    expect(url.searchParams.get('duration')).toBe('60');
    expect(url.searchParams.get('service')).toMatch(/^[0-9A-Z]{26}$/);

    const chosen = page.getByRole('region', { name: 'Your chosen time' });
    await chosen.getByText('Tuesday, November 24 at 6:00 PM').waitFor();
    await chosen.getByText('This time is still open.').waitFor();
    await chosen.getByText('$85').waitFor();
    // No button pretends to book: booking does not exist yet.
    expect(await chosen.getByRole('button').count()).toBe(0);
    const slots = page.getByRole('list', { name: 'Open times for Piano, 60 minutes' });
    await slots.getByText('(your chosen time)').waitFor();
    expect(errors).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/web-profile-chosen.png`, fullPage: true });
    await page.context().close();
  });

  it('favorites an instructor after logging in from the heart, and sees them on the home page', async () => {
    const { page } = await openPage(`/search?${new URLSearchParams({ q: QUERY })}`);
    await page.getByRole('link', { name: 'Log in to save Clara Wieck to your favorites' }).click();
    await logIn(page, parent);
    await page.waitForURL(/\/search\?q=/);

    const heart = page.getByRole('button', { name: 'Favorite Clara Wieck' });
    await expect.poll(() => heart.getAttribute('aria-pressed')).toBe('false');
    await heart.click();
    await expect.poll(() => heart.getAttribute('aria-pressed')).toBe('true');

    await page.getByRole('link', { name: 'InstaInstru' }).first().click();
    const favorites = page.getByRole('list', { name: 'Your favorites' });
    await favorites.getByRole('link', { name: 'Clara Wieck' }).waitFor();
    expect(await favorites.getByRole('link', { name: 'Dmitri Kabalevsky' }).count()).toBe(0);

    // Opening a profile puts it in "Recently viewed".
    await page.goto(`${baseUrl}/instructors/${pricey.id}`);
    await page.getByRole('heading', { level: 1, name: 'Dmitri Kabalevsky' }).waitFor();
    await page.getByRole('button', { name: 'Favorite Dmitri Kabalevsky' }).waitFor();
    await page.getByRole('link', { name: 'InstaInstru' }).first().click();
    await page.getByRole('list', { name: 'Recently viewed' }).getByRole('link', { name: 'Dmitri Kabalevsky' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/web-home-signed-in.png`, fullPage: true });

    // Un-favoriting from the profile takes them off the row.
    await page.goto(`${baseUrl}/instructors/${affordable.id}`);
    const profileHeart = page.getByRole('button', { name: 'Favorite Clara Wieck' });
    await expect.poll(() => profileHeart.getAttribute('aria-pressed')).toBe('true');
    await profileHeart.click();
    await expect.poll(() => profileHeart.getAttribute('aria-pressed')).toBe('false');
    await page.getByRole('link', { name: 'InstaInstru' }).first().click();
    await page.getByRole('heading', { name: 'Recently viewed' }).waitFor();
    expect(await page.getByRole('list', { name: 'Your favorites' }).count()).toBe(0);

    // A search made while signed in is under the box afterwards; it can be run again or forgotten.
    const HISTORY_QUERY = 'piano for my 8 year old in park slope';
    const heroBox = page.getByRole('search', { name: 'Search lessons' }).getByLabel('What do you want to learn?');
    await heroBox.fill(HISTORY_QUERY);
    await heroBox.press('Enter');
    await expect.poll(() => resultNames(page)).toContain('Clara Wieck');
    await page.getByRole('link', { name: 'InstaInstru' }).first().click();
    const recent = page.getByRole('list', { name: 'Recent searches' });
    // The page moves focus to its heading after a navigation; focusing the box again until the list shows waits that out.
    await page.getByRole('heading', { name: 'Recently viewed' }).waitFor();
    await expect
      .poll(async () => {
        await heroBox.focus();
        return recent.getByRole('button', { name: HISTORY_QUERY, exact: true }).count();
      })
      .toBe(1);
    await page.screenshot({ path: `${SHOTS}/web-recent-searches.png` });
    await recent.getByRole('button', { name: `Forget the search “${HISTORY_QUERY}”` }).click();
    await expect.poll(() => recent.getByRole('button', { name: HISTORY_QUERY, exact: true }).count()).toBe(0);
    await page.context().close();
  });

  it('offers the same search with one thing loosened when nothing matches, and takes the suggestion', async () => {
    const { page } = await openPage(`/search?${new URLSearchParams({ q: 'piano lessons in park slope under $50' })}`);
    const suggestions = page.getByRole('list', { name: 'Suggestions' });
    const cheaper = suggestions.getByRole('button', { name: /up to \$\d+/ }).first();
    await cheaper.waitFor();
    await page.getByRole('heading', { name: 'No instructor matches all of that' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/web-search-relaxations.png` });
    await cheaper.click();
    await expect.poll(() => Number(new URL(page.url()).searchParams.get('priceMaxCents'))).toBeGreaterThanOrEqual(8_500);
    await expect.poll(() => resultNames(page)).toContain('Clara Wieck');
    await page.context().close();
  });

  it('asks for the location for "near me" and offers a neighborhood when the browser refuses', async () => {
    const { page } = await openPage(`/search?${new URLSearchParams({ q: 'piano near me' })}`);
    await page.getByText(/did not share your location/).waitFor();
    const picker = page.getByLabel('Your neighborhood');
    // The picker lists every residential neighborhood: the whole map's list loads first.
    await expect.poll(() => picker.isEnabled(), { timeout: 20_000 }).toBe(true);
    await page.screenshot({ path: `${SHOTS}/web-search-near-me-refused.png` });
    await picker.selectOption({ label: 'Park Slope' });
    await expect.poll(() => new URL(page.url()).searchParams.get('neighborhood')).toBe('BK0602');
    await expect.poll(() => resultNames(page)).toContain('Clara Wieck');
    await page.context().close();
  });

  it('reruns "near me" with the point the browser shares', async () => {
    const { page } = await openPage(`/search?${new URLSearchParams({ q: 'piano near me' })}`, {
      permissions: ['geolocation'],
      geolocation: { latitude: 40.6710, longitude: -73.9814 },
    });
    await expect.poll(() => new URL(page.url()).searchParams.get('lat')).toBe('40.67100');
    expect(new URL(page.url()).searchParams.get('lng')).toBe('-73.98140');
    await expect.poll(() => resultNames(page)).toContain('Clara Wieck');
    await page.context().close();
  });

  it('opens a service’s results from the catalog', async () => {
    const { page } = await openPage('/categories/music');
    await page.getByRole('link', { name: 'Find piano instructors' }).click();
    await page.waitForURL(/\/search\?service=piano$/);
    await expect.poll(async () => (await resultNames(page)).sort()).toEqual(['Clara Wieck', 'Dmitri Kabalevsky']);
    await page.context().close();
  });

  it('loads the next page of results with "Load more", without repeating anyone', async () => {
    // 21 online chess teachers: one more than a page.
    for (let i = 1; i <= 21; i += 1) {
      const teacher = await aPublishedInstructor(t, { name: `Chess Teacher ${String(i).padStart(2, '0')}`, teachesOnline: true, services: [{ slug: 'chess', lessonTypes: ['online'] }] });
      await openTuesdayEvening((await signIn(t, teacher)).authorization);
    }
    const { page } = await openPage(`/search?${new URLSearchParams({ q: 'chess online' })}`);
    await expect.poll(async () => (await resultNames(page)).length, { timeout: 10_000 }).toBe(20);
    await page.getByText('20+ instructors with open times').waitFor();
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(async () => (await resultNames(page)).length, { timeout: 10_000 }).toBe(21);
    const names = await resultNames(page);
    expect(new Set(names).size).toBe(21);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await page.context().close();
  }, 120_000);

  it('fits a phone screen and has no serious accessibility problem', async () => {
    const { page, errors } = await openPage(`/search?${new URLSearchParams({ q: QUERY })}`, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await expect.poll(() => resultNames(page)).toEqual(['Clara Wieck']);
    await page.getByRole('button', { name: 'Remove price: Up to $90/hr' }).waitFor();
    // Nothing wider than the screen: no sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/web-search-mobile.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
