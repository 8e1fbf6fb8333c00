import { type Browser, type BrowserContext, type Dialog, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST_DIR } from '../../apps/server/src/runtime.ts';
import { anInstructor, DEFAULT_PASSWORD, signIn, type BuiltUser } from '../support/builders.ts';
import { launchBrowser } from '../support/browser.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const SCREENSHOTS = process.env.INSTRUCTOR_SCREENSHOTS !== '0';

interface Week {
  weekStart: string;
  days: { date: string; cellCount: number; cells: string }[];
  blackouts: { date: string; reason: string | null }[];
  etag: string;
}

/**
 * The week availability editor in a browser (test clock: Monday 2026-11-23, New York): two tabs
 * saving the same week (412 and reload), clock-change weeks, copying the week before, days unavailable all day and time off.
 */
describe('availability editor in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let contexts: BrowserContext[] = [];
  let page: Page;
  let baseUrl: string;
  let instructor: BuiltUser;
  let authorization: string;

  async function logIn(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    contexts.push(context);
    // The page's "this week" comes from the browser's clock: the test clock's Monday.
    await context.clock.setFixedTime(t.clock.now());
    const p = await context.newPage();
    await p.goto(`${baseUrl}/login?next=%2Finstructor`);
    await p.getByLabel('Email').fill(instructor.email);
    await p.getByLabel('Password', { exact: true }).fill(DEFAULT_PASSWORD);
    await p.getByRole('button', { name: 'Log in' }).click();
    await p.waitForURL(/\/instructor$/);
    await editorReady(p, 'Mon, Nov 23');
    return p;
  }

  /** The week label shows `label` and its grid is loaded. */
  async function editorReady(p: Page, label: string) {
    await p.locator('#availability').getByText(`Week of ${label}`, { exact: true }).waitFor();
    await p.getByRole('button', { name: 'Save this week' }).waitFor();
  }

  async function moveWeeks(p: Page, weeks: number, label: string) {
    const button = p.getByRole('button', { name: weeks < 0 ? '← Previous week' : 'Next week →' });
    for (let i = 0; i < Math.abs(weeks); i += 1) await button.click();
    await editorReady(p, label);
  }

  /** Drags from one cell to another, e.g. paint(p, '0-09:00', '0-09:45'). */
  async function paint(p: Page, fromCell: string, toCell: string) {
    const from = p.locator(`[data-cell="${fromCell}"]`);
    const to = p.locator(`[data-cell="${toCell}"]`);
    await to.scrollIntoViewIfNeeded();
    await from.scrollIntoViewIfNeeded();
    const a = (await from.boundingBox())!;
    const b = (await to.boundingBox())!;
    await p.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await p.mouse.down();
    await p.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
    await p.mouse.up();
  }

  const pressed = (p: Page, cell: string) => p.locator(`[data-cell="${cell}"]`).getAttribute('aria-pressed');

  async function save(p: Page) {
    await p.getByRole('button', { name: 'Save this week' }).click();
    await p.getByText('This week’s availability was saved.').waitFor();
  }

  async function weekViaApi(weekStart: string): Promise<Week> {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/me/availability?weekStart=${weekStart}`, headers: { authorization } });
    expect(response.statusCode).toBe(200);
    return response.json() as Week;
  }

  const day = (week: Week, date: string) => week.days.find((d) => d.date === date)!;
  /** 24 hex digits with `F` at the given digit indexes (hour digits), `0` elsewhere. */
  const digits = (length: number, ...on: number[]) => Array.from({ length }, (_, i) => (on.includes(i) ? 'F' : '0')).join('');

  beforeAll(async () => {
    t = await createTestApp({ webDistDir: WEB_DIST_DIR });
    baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
    instructor = await anInstructor(t, { name: 'Nadia Boulanger' });
    ({ authorization } = await signIn(t, instructor));
    browser = await launchBrowser();
    page = await logIn();
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('opens on the current New York week and keeps the past out of reach', async () => {
    // Monday 10:00 in New York: earlier weeks cannot be opened, nor this morning painted.
    expect(await page.getByRole('button', { name: '← Previous week' }).isDisabled()).toBe(true);
    const before = page.locator('[data-cell="0-09:45"]');
    expect(await before.isDisabled()).toBe(true);
    expect(await before.getAttribute('aria-label')).toBe('Mon, Nov 23 09:45 (past)');
    expect(await page.locator('[data-cell="0-10:00"]').isDisabled()).toBe(false);
    expect(await page.getByRole('button', { name: 'Unavailable all day on Mon, Nov 23' }).isDisabled()).toBe(false);
  });

  it('takes "this week" from the server when the device’s clock is a week behind', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    await context.clock.setFixedTime(new Date(t.clock.now().getTime() - 7 * 24 * 3600 * 1000));
    const behind = await context.newPage();
    await behind.goto(`${baseUrl}/login?next=%2Finstructor`);
    await behind.getByLabel('Email').fill(instructor.email);
    await behind.getByLabel('Password', { exact: true }).fill(DEFAULT_PASSWORD);
    await behind.getByRole('button', { name: 'Log in' }).click();
    await editorReady(behind, 'Mon, Nov 23');
    await context.close();
  });

  it('stops a second tab from overwriting the week (412), and saves after “Reload week”', async () => {
    const other = await logIn();

    await paint(page, '0-11:00', '0-11:45');
    await save(page);

    await paint(other, '1-10:00', '1-10:45');
    await other.getByRole('button', { name: 'Save this week' }).click();
    await other.getByText('This week was changed somewhere else.').waitFor();
    await other.getByRole('button', { name: 'Reload week' }).click();
    // Page A's Monday morning, and none of page B's lost Tuesday.
    await expect.poll(() => pressed(other, '0-11:00')).toBe('true');
    expect(await pressed(other, '1-10:00')).toBe('false');

    await paint(other, '1-10:00', '1-10:45');
    await save(other);
    const week = await weekViaApi('2026-11-23');
    expect(day(week, '2026-11-23').cells).toBe(digits(24, 11));
    expect(day(week, '2026-11-24').cells).toBe(digits(24, 10));
    await other.context().close();
  });

  it('copies the previous week into the next one, to review and save', async () => {
    // Page A's cache still has its own save; copying fetches the week afresh (with B's Tuesday).
    await moveWeeks(page, 1, 'Mon, Nov 30');
    expect(await pressed(page, '0-11:00')).toBe('false');
    await page.getByRole('button', { name: 'Copy previous week' }).click();
    await page.getByText('Copied the week of Nov 23 — review and save.').waitFor();
    expect(await pressed(page, '0-11:00')).toBe('true');
    expect(await pressed(page, '1-10:30')).toBe('true');
    await save(page);
    const week = await weekViaApi('2026-11-30');
    expect(day(week, '2026-11-30').cells).toBe(digits(24, 11));
    expect(day(week, '2026-12-01').cells).toBe(digits(24, 10));
  });

  it('asks before leaving a week with unsaved cells; staying keeps them, leaving drops them', async () => {
    await paint(page, '4-15:00', '4-15:45');
    const answers = ['dismiss', 'accept'];
    const asked: string[] = [];
    const onDialog = (dialog: Dialog) => {
      asked.push(dialog.message());
      void (answers.shift() === 'accept' ? dialog.accept() : dialog.dismiss());
    };
    page.on('dialog', onDialog);
    try {
      await page.getByRole('button', { name: 'Next week →' }).click();
      await expect.poll(() => asked.length).toBe(1);
      await editorReady(page, 'Mon, Nov 30');
      expect(await pressed(page, '4-15:00')).toBe('true');

      await page.getByRole('button', { name: 'Next week →' }).click();
      await editorReady(page, 'Mon, Dec 7');
      expect(asked).toHaveLength(2);
      expect(asked[0]).toMatch(/not saved yet/);
    } finally {
      page.off('dialog', onDialog);
    }
    await moveWeeks(page, -1, 'Mon, Nov 30');
    expect(await pressed(page, '4-15:00')).toBe('false');
    expect(day(await weekViaApi('2026-11-30'), '2026-12-04').cells).toBe(digits(24));
  });

  it('marks a day unavailable all day with a reason, saves it as a blackout and shows it again after a reload', async () => {
    const dayOff = page.getByRole('button', { name: 'Unavailable all day on Wed, Dec 2' });
    expect(await dayOff.getAttribute('aria-pressed')).toBe('false');
    await dayOff.click();
    expect(await dayOff.getAttribute('aria-pressed')).toBe('true');
    await page.getByLabel('Why you are unavailable on Wed, Dec 2 (optional)').fill('Recital');
    // A day unavailable all day cannot be painted.
    expect(await page.locator('[data-cell="2-09:00"]').isDisabled()).toBe(true);
    await save(page);
    expect((await weekViaApi('2026-11-30')).blackouts).toEqual([{ date: '2026-12-02', reason: 'Recital' }]);

    if (SCREENSHOTS) {
      const section = page.locator('#availability');
      await page.locator('[data-cell="0-08:00"]').scrollIntoViewIfNeeded();
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: '/tmp/availability-editor.png' });
    }

    // A fresh session loads the week with the day marked.
    const fresh = await logIn();
    await moveWeeks(fresh, 1, 'Mon, Nov 30');
    expect(await fresh.getByRole('button', { name: 'Unavailable all day on Wed, Dec 2' }).getAttribute('aria-pressed')).toBe('true');
    expect(await fresh.getByLabel('Why you are unavailable on Wed, Dec 2 (optional)').inputValue()).toBe('Recital');
    await fresh.context().close();
  });

  it('paints wall-clock times on a 23-hour spring-forward Sunday, and copies it by wall-clock time', async () => {
    await moveWeeks(page, 14, 'Mon, Mar 8');
    expect(await page.locator('[data-cell="6-02:00"]').count()).toBe(0); // the grid starts at 06:00 anyway
    await paint(page, '6-09:00', '6-09:45');
    await save(page);
    const sunday = day(await weekViaApi('2027-03-08'), '2027-03-14');
    expect(sunday.cellCount).toBe(92);
    expect(sunday.cells).toBe(digits(23, 8));

    await moveWeeks(page, 1, 'Mon, Mar 15');
    await page.getByRole('button', { name: 'Copy previous week' }).click();
    await page.getByText('Copied the week of Mar 8 — review and save.').waitFor();
    await save(page);
    expect(day(await weekViaApi('2027-03-15'), '2027-03-21').cells).toBe(digits(24, 9));
  });

  it('adds a range of time off in the panel (the week editor reloads with them), refuses a past start, removes it', async () => {
    await moveWeeks(page, -12, 'Mon, Dec 21');
    const panel = page.getByRole('region', { name: 'Time off' });
    await panel.getByRole('list', { name: 'Upcoming time off' }).getByText('Wed, Dec 2').waitFor();

    await panel.getByLabel('From').fill('2026-11-01');
    await panel.getByLabel('To', { exact: true }).fill('2026-11-03');
    await panel.getByRole('button', { name: 'Add time off' }).click();
    await panel.getByText(/From must not be in the past/).waitFor();
    expect(await panel.getByLabel('From').getAttribute('aria-invalid')).toBe('true');

    await panel.getByLabel('From').fill('2026-12-24');
    await panel.getByLabel('To', { exact: true }).fill('2026-12-31');
    await panel.getByLabel('Reason (optional)').fill('Holidays');
    await panel.getByRole('button', { name: 'Add time off' }).click();
    await panel.getByText('Time off added.').waitFor();
    const item = panel.getByRole('listitem').filter({ hasText: 'Dec 24 – Dec 31' });
    expect(await item.textContent()).toContain('Dec 24 – Dec 31 · Holidays');
    // The open week (Dec 21–27) reloaded with its new time off.
    await expect.poll(() => page.getByRole('button', { name: 'Unavailable all day on Thu, Dec 24' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('button', { name: 'Unavailable all day on Wed, Dec 23' }).getAttribute('aria-pressed')).toBe('false');
    const week = await weekViaApi('2026-12-21');
    expect(week.blackouts.map((b) => b.date)).toEqual(['2026-12-24', '2026-12-25', '2026-12-26', '2026-12-27']);

    // Painting the reloaded week saves with its new ETag.
    await paint(page, '0-18:00', '0-18:45');
    await save(page);

    await item.getByRole('button', { name: /Remove/ }).click();
    await panel.getByText('Time off removed.').waitFor();
    await expect.poll(() => item.count()).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'Unavailable all day on Thu, Dec 24' }).getAttribute('aria-pressed')).toBe('false');
    expect((await weekViaApi('2026-12-21')).blackouts).toEqual([]);
    expect((await weekViaApi('2026-12-28')).blackouts).toEqual([]);
  });

  it('paints wall-clock times on a 25-hour fall-back Sunday', async () => {
    // 2027's: 2026's is in the past, out of reach.
    await moveWeeks(page, 45, 'Mon, Nov 1');
    await paint(page, '6-09:00', '6-09:45');
    await save(page);
    const sunday = day(await weekViaApi('2027-11-01'), '2027-11-07');
    expect(sunday.cellCount).toBe(100);
    // Digit k starts k hours after midnight: 09:00 is 10 hours in (01:00 happens twice).
    expect(sunday.cells).toBe(digits(25, 10));
  });
});
