import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { startBrowserApp, type BrowserApp } from '../support/browser-app.ts';

interface OutboxEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/**
 * A new user signs up, verifies their email from the local outbox, turns on two-factor
 * authentication, logs out, and logs back in with their password and an authenticator code.
 */
describe('accounts in a browser', () => {
  // The server's clock stands still: TOTP codes are computed for its time, and moved on
  // between two logins (a code's time step is accepted only once).
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const email = `ada.${Date.now()}@example.com`;
  const password = 'analytical-engine-1843';
  const name = 'Ada Lovelace';
  let app: BrowserApp;
  let page: Page;
  let baseUrl: string;
  let secret = '';
  let backupCodes: string[] = [];

  const totp = () => generate({ secret, epoch: Math.floor(clock.nowMs() / 1000) });

  async function outbox(to: string): Promise<OutboxEmail[]> {
    const response = await fetch(`${baseUrl}/api/v1/dev/outbox/email?to=${encodeURIComponent(to)}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: OutboxEmail[] }).items;
  }

  beforeAll(async () => {
    // PUBLIC_URL (used in emailed links) is the address we listen on; work: true, so the queued emails are "sent" into the outbox.
    app = await startBrowserApp({ clock, work: true });
    baseUrl = app.baseUrl;
    // A context of our own (not browser.newPage's): the mailbox opens links in a new tab.
    const context = await app.browser.newContext();
    page = await context.newPage();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('sends a visitor who opens /account to log in first', async () => {
    await page.goto(`${baseUrl}/account`);
    await page.waitForURL(/\/login\?next=%2Faccount$/);
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    await page.getByRole('link', { name: 'Sign up' }).waitFor();
  });

  it('signs up and is signed in with an unverified email', async () => {
    await page.goto(`${baseUrl}/signup`);
    await page.getByRole('radio', { name: /I want to learn/ }).check();
    await page.getByLabel('Full name').fill(name);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    // The server's password rule comes back beside the field, and focus moves there.
    await page.getByRole('alert').filter({ hasText: 'Some fields need a change' }).waitFor();
    await page.getByText(/Password must be at least 10 characters/).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password');

    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/account$/);
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    await page.getByText('Please verify your email address').waitFor();
    await page.getByRole('button', { name: new RegExp(name) }).waitFor();
  });

  it('verifies the email by following the link in the dev mailbox', async () => {
    // The email is sent by a job: wait until the outbox has it.
    await expect
      .poll(async () => (await outbox(email)).some((m) => /verify/i.test(m.subject)))
      .toBe(true);

    await page.goto(`${baseUrl}/dev/mailbox?to=${encodeURIComponent(email)}`);
    const message = page.frameLocator('iframe[title^="Email: Welcome"]');
    // Links in the mailbox open a new tab (as in a mail client); it shares this browser's cookies.
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      message.getByRole('link', { name: 'Verify my email' }).click(),
    ]);
    await page.close();
    page = tab;
    expect(new URL(page.url()).pathname).toBe('/verify-email');

    // A fresh page load: the session comes back from the refresh cookie.
    await page.getByRole('heading', { level: 1, name: 'Email verified' }).waitFor();
    // The same link opened again: already verified, not "this link didn't work".
    await page.goto(page.url());
    await page.getByRole('heading', { level: 1, name: 'Email already verified' }).waitFor();
    await page.getByRole('link', { name: 'Continue to your account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    const profile = page.getByRole('region', { name: 'Profile' });
    await profile.getByText('Verified', { exact: true }).waitFor();
    expect(await page.getByText('Please verify your email address').count()).toBe(0);
  });

  it('turns on two-factor authentication and shows the backup codes once', async () => {
    const section = page.getByRole('region', { name: 'Two-factor authentication' });
    await section.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    await section.getByRole('img', { name: /QR code/ }).waitFor();
    secret = (await section.getByLabel('Setup key').inputValue()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);

    const wrong = String((Number(await totp()) + 500_000) % 1_000_000).padStart(6, '0');
    await section.getByLabel('6-digit code').fill(wrong);
    await section.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await section.getByRole('alert').waitFor();

    await section.getByLabel('6-digit code').fill(await totp());
    await section.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await section.getByRole('heading', { name: /save your backup codes/ }).waitFor();
    backupCodes = await section.getByRole('list', { name: 'Backup codes' }).getByRole('listitem').allInnerTexts();
    expect(backupCodes).toHaveLength(10);
    // 2FA is on from the confirmed code: the status says so while the codes are shown.
    await section.getByText('On', { exact: true }).waitFor();
    await section.getByRole('button', { name: 'I saved them' }).click();
    await section.getByText('Two-factor authentication is on.').waitFor();
    await section.getByRole('button', { name: 'Turn off two-factor authentication' }).waitFor();
  });

  it('logs out from the header menu', async () => {
    await page.getByRole('button', { name: new RegExp(name) }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('banner').getByRole('link', { name: 'Log in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('logs in with the password and then an authenticator code', async () => {
    await page.getByRole('banner').getByRole('link', { name: 'Log in' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();

    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    const codeInput = page.getByLabel('Authentication code');
    await expect.poll(() => codeInput.evaluate((el) => el === document.activeElement)).toBe(true);

    clock.advance(30_000); // the next time step: the enrolment's code cannot be replayed
    await codeInput.fill(await totp());
    await page.getByRole('button', { name: 'Verify and log in' }).click();

    await page.getByRole('banner').getByRole('button', { name: new RegExp(name) }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.goto(`${baseUrl}/account`);
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    const sessions = page.getByRole('region', { name: /signed in/ });
    await sessions.getByText('This device').waitFor();
  });

  it('asks for the CAPTCHA after three wrong passwords, then accepts a backup code', async () => {
    await page.getByRole('banner').getByRole('button', { name: new RegExp(name) }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('banner').getByRole('link', { name: 'Log in' }).click();

    await page.getByLabel('Email').fill(email);
    for (let i = 0; i < 3; i++) {
      await page.getByLabel('Password', { exact: true }).fill(`wrong-password-${i}`);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('alert').filter({ hasText: 'Email or password is incorrect' }).waitFor();
    }

    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: /CAPTCHA/ }).waitFor();
    const robot = page.getByRole('checkbox', { name: "I'm not a robot (test CAPTCHA)" });
    await robot.check();
    await page.getByRole('button', { name: 'Log in' }).click();

    // Right password: the second step. The CAPTCHA is still asked for (a token is single-use).
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    await page.getByRole('button', { name: 'Use a backup code instead' }).click();
    // A wrong code is named as such, not as a wrong email or password.
    await page.getByLabel('Backup code').fill('zzzz-zzzz');
    await page.getByRole('button', { name: 'Verify and log in' }).click();
    await page.getByText('Complete the CAPTCHA, then submit again.').waitFor();
    await robot.check();
    await page.getByRole('button', { name: 'Verify and log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Invalid authentication code' }).waitFor();
    expect(await page.getByText('Invalid email or password').count()).toBe(0);
    await page.getByLabel('Backup code').fill(backupCodes[0]!);
    await page.getByRole('button', { name: 'Verify and log in' }).click();
    await page.getByText('Complete the CAPTCHA, then submit again.').waitFor();
    await robot.check();
    await page.getByRole('button', { name: 'Verify and log in' }).click();

    await page.getByRole('banner').getByRole('button', { name: new RegExp(name) }).waitFor();
  });

  it('renews an expired access token once and retries the request', async () => {
    // The server's clock moves past the 15-minute access token: the next call answers 401,
    // the app refreshes with the cookie and sends the call again.
    clock.advance(16 * 60_000);
    const refreshes: number[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/api/v1/auth/refresh')) refreshes.push(response.status());
    });
    await page.getByRole('banner').getByRole('button', { name: new RegExp(name) }).click();
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    await page.getByRole('region', { name: /signed in/ }).getByText('This device').waitFor();
    expect(refreshes).toEqual([200]);
  });

  it('renames the user, and the header follows', async () => {
    const profile = page.getByRole('region', { name: 'Profile' });
    await profile.getByLabel('Full name').fill('Ada King');
    await profile.getByRole('button', { name: 'Save name' }).click();
    await profile.getByText('Your name was saved.').waitFor();
    await page.getByRole('banner').getByRole('button', { name: /Ada King/ }).waitFor();
  });

  it('verifies a phone number with the texted code', async () => {
    const section = page.getByRole('region', { name: 'Phone' });
    await section.getByLabel('Mobile number').fill('12');
    await section.getByRole('button', { name: 'Text me a code' }).click();
    await section.getByText(/Mobile number must have 10 digits/).waitFor();

    await section.getByLabel('Mobile number').fill('(212) 555-0142');
    await section.getByRole('button', { name: 'Text me a code' }).click();
    await section.getByText(/We texted a 6-digit code to \(212\) 555-0142/).waitFor();
    let code: string | undefined;
    await expect
      .poll(async () => {
        const response = await fetch(`${baseUrl}/api/v1/dev/outbox/sms?to=${encodeURIComponent('+12125550142')}`);
        const { items } = (await response.json()) as { items: { body: string }[] };
        code = items.map((m) => /\b(\d{6})\b/.exec(m.body)?.[1]).find(Boolean);
        return code !== undefined;
      })
      .toBe(true);
    await section.getByLabel('Code from the text message').fill(code!);
    await section.getByRole('button', { name: 'Verify number' }).click();
    await section.getByText('Your phone number is verified.').waitFor();
    await section.getByText('(212) 555-0142').waitFor();
  });

  it('lists another signed-in device and revokes it', async () => {
    clock.advance(30_000);
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (Windows NT 10.0) Firefox/130.0' },
      body: JSON.stringify({ email, password, totpCode: await totp(), captchaToken: 'XXXX.DUMMY.TOKEN.XXXX' }),
    });
    expect(login.status).toBe(200);

    await page.reload();
    const sessions = page.getByRole('region', { name: /signed in/ });
    const other = sessions.getByRole('listitem').filter({ hasText: 'Firefox on Windows' });
    await other.waitFor();
    await other.getByRole('button', { name: /Revoke/ }).click();
    await other.waitFor({ state: 'detached' });
    await sessions.getByText('This device').waitFor();
  });

  it('resets a forgotten password from the emailed link', async () => {
    await page.getByRole('banner').getByRole('button', { name: /Ada King/ }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('banner').getByRole('link', { name: 'Log in' }).click();
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    // The login form has an Email field too: fill the reset form's only once it is shown.
    await page.getByRole('heading', { level: 1, name: 'Reset your password' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText(/If an account exists for/).waitFor();

    let link: string | undefined;
    await expect
      .poll(async () => {
        const message = (await outbox(email)).find((m) => /reset/i.test(m.subject));
        link = message && /https?:\/\/[^\s"'<>]+\/reset-password\?token=[^\s"'<>]+/.exec(message.text)?.[0];
        return link !== undefined;
      })
      .toBe(true);
    await page.goto(link!);
    await page.getByLabel('New password').fill('difference-engine-1822');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('heading', { level: 1, name: 'Password changed' }).waitFor();

    // The same link does not work twice.
    await page.goto(link!);
    await page.getByLabel('New password').fill('difference-engine-1823');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByRole('link', { name: 'Request a new reset link' }).waitFor();
  });
});
