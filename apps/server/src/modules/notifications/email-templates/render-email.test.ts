import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../platform/errors.ts';
import { EMAIL_TEMPLATES, type EmailTemplateData, type EmailTemplateName } from './email-templates.ts';
import { parseEmailData, renderEmail, renderStoredEmail } from './render-email.ts';

const publicUrl = 'https://instainstru.example';
const at = new Date('2026-11-23T15:00:00Z'); // 10:00 AM in New York (EST)
const iPhone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

const lesson = { lessonId: '01LESSON', serviceName: 'Piano', otherName: 'Bo Chen', startsAt: at, durationMinutes: 60 };

/** One example per template, each with the name and the link its reader must find. */
const examples: { [N in EmailTemplateName]: { data: EmailTemplateData[N]; link: string } } = {
  welcome: { data: { name: 'Ana Lima', token: 'verify-123' }, link: `${publicUrl}/verify-email?token=verify-123` },
  verify_email: { data: { name: 'Ana Lima', token: 'verify-456' }, link: `${publicUrl}/verify-email?token=verify-456` },
  password_reset: { data: { name: 'Ana Lima', token: 'reset-789' }, link: `${publicUrl}/reset-password?token=reset-789` },
  password_reset_confirmation: { data: { name: 'Ana Lima', at }, link: `${publicUrl}/forgot-password` },
  password_changed: { data: { name: 'Ana Lima', at }, link: `${publicUrl}/forgot-password` },
  '2fa_changed': { data: { name: 'Ana Lima', enabled: true, at }, link: `${publicUrl}/forgot-password` },
  new_device_login: { data: { name: 'Ana Lima', at, userAgent: iPhone, ip: '203.0.113.9' }, link: `${publicUrl}/forgot-password` },
  booking_confirmed: { data: { name: 'Ana Lima', role: 'student', ...lesson, where: 'Online' }, link: `${publicUrl}/lessons/01LESSON` },
  booking_cancelled: { data: { name: 'Ana Lima', role: 'student', by: 'instructor', ...lesson, summary: 'You get a full refund.' }, link: `${publicUrl}/lessons/01LESSON` },
  booking_cancellation_confirmation: { data: { name: 'Ana Lima', role: 'student', ...lesson, summary: 'You get a credit of $80.00.' }, link: `${publicUrl}/lessons/01LESSON` },
  payment_failed: { data: { name: 'Ana Lima', ...lesson }, link: `${publicUrl}/lessons/${lesson.lessonId}?pay=1` },
};

const names = Object.keys(EMAIL_TEMPLATES) as EmailTemplateName[];

const render = <N extends EmailTemplateName>(name: N, data: EmailTemplateData[N]) => renderEmail(name, data, { publicUrl });

/** The HTML attribute form of a URL (`&` is escaped inside href="…"). */
const inHref = (url: string) => `href="${url.replaceAll('&', '&amp;')}"`;

describe('email templates', () => {
  it('covers the account, security and lesson emails', () => {
    expect(names.sort()).toEqual(
      [
        '2fa_changed',
        'new_device_login',
        'password_changed',
        'password_reset',
        'password_reset_confirmation',
        'verify_email',
        'welcome',
        'booking_confirmed',
        'booking_cancelled',
        'booking_cancellation_confirmation',
        'payment_failed',
      ].sort(),
    );
  });

  describe.each(names)('%s', (name) => {
    const { data, link } = examples[name];

    it('renders a subject, an HTML document and a plain-text version', async () => {
      const email = await render(name, data as never);
      expect(email.subject.length).toBeGreaterThan(5);
      expect(email.subject).not.toMatch(/[\r\n]/);
      expect(email.html).toMatch(/^<!DOCTYPE html/);
      expect(email.html).toContain('<html');
      expect(email.text.length).toBeGreaterThan(50);
      expect(email.text).not.toMatch(/<[a-z]/i);
    });

    it('greets the person by name and carries the absolute link in both versions', async () => {
      const email = await render(name, data as never);
      expect(email.html).toContain('Hi Ana Lima,');
      expect(email.text).toContain('Hi Ana Lima,');
      expect(email.html).toContain(inHref(link));
      expect(email.text).toContain(link);
    });

    it('has the brand header and a footer with the reason and the product address', async () => {
      const email = await render(name, data as never);
      expect(email.html).toContain(`href="${publicUrl}/"`);
      expect(email.text).toMatch(/^InstaInstru/);
      expect(email.text).toMatch(/You’re receiving this because/);
      expect(email.text).toContain('New York, NY');
      expect(email.text).toContain('instainstru.example');
    });

    it('says that security notices cannot be turned off exactly when it is one', async () => {
      const email = await render(name, data as never);
      const security = EMAIL_TEMPLATES[name].category === 'security';
      expect(email.text.includes('cannot be turned off')).toBe(security);
      expect(email.html.includes('cannot be turned off')).toBe(security);
    });

    it('escapes a name that contains HTML', async () => {
      const hostile = { ...data, name: '<script>alert("x")</script><a href="https://evil.example">Ana</a> & Co' };
      const email = await render(name, hostile as never);
      expect(email.html).not.toContain('<script>');
      expect(email.html).not.toContain('<a href="https://evil.example"');
      expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(email.html).toContain('&amp; Co');
      // Plain text is not HTML: it shows the name exactly as given.
      expect(email.text).toContain('Hi <script>alert("x")</script><a href="https://evil.example">Ana</a> & Co,');
    });
  });

  it('puts security templates in the security category and sign-up mail in account', () => {
    for (const name of ['password_changed', 'password_reset_confirmation', '2fa_changed', 'new_device_login'] as const) {
      expect(EMAIL_TEMPLATES[name].category, name).toBe('security');
    }
    for (const name of ['welcome', 'verify_email', 'password_reset'] as const) expect(EMAIL_TEMPLATES[name].category, name).toBe('account');
  });

  it('encodes tokens in links so they survive any characters', async () => {
    const email = await render('password_reset', { name: 'Ana', token: 'a+b/c=d&e' });
    const link = `${publicUrl}/reset-password?token=a%2Bb%2Fc%3Dd%26e`;
    expect(email.text).toContain(link);
    expect(email.html).toContain(inHref(link));
  });

  it('keeps a path in PUBLIC_URL and never doubles a slash', async () => {
    const email = await renderEmail('verify_email', { name: 'Ana', token: 't' }, { publicUrl: 'https://example.org/app/' });
    expect(email.text).toContain('https://example.org/app/verify-email?token=t');
  });

  it('tells how long a password reset link lasts and that it works once', async () => {
    const { text } = await render('password_reset', examples.password_reset.data);
    expect(text).toContain('valid for 1 hour');
    expect(text).toContain('used only once');
  });

  it('says whether two-factor authentication was turned on or off', async () => {
    const on = await render('2fa_changed', { name: 'Ana', enabled: true, at });
    const off = await render('2fa_changed', { name: 'Ana', enabled: false, at });
    expect(on.subject).toBe('Two-factor authentication is now on');
    expect(off.subject).toBe('Two-factor authentication was turned off');
    expect(on.text).toContain('was turned on');
    expect(off.text).toContain('was turned off');
    expect(off.text).not.toContain('was turned on');
  });

  it('shows when (New York time), the approximate device and the IP of a new login, and how to react', async () => {
    const { text, html } = await render('new_device_login', examples.new_device_login.data);
    expect(text).toContain('Monday, November 23, 2026 at 10:00 AM EST');
    expect(text).toContain('Safari on iPhone');
    expect(text).toContain('203.0.113.9');
    expect(text).toMatch(/Not you\? Reset your password/);
    expect(text).not.toContain('Mozilla/5.0');
    expect(html).toContain(inHref(`${publicUrl}/account#sessions`));
  });

  it('folds line breaks out of subjects', async () => {
    for (const name of names) {
      const { subject } = await render(name, examples[name].data as never);
      expect(subject).toBe(subject.trim());
      expect(subject).not.toMatch(/\s{2}/);
    }
  });

  it('refuses data that does not fit the template, rather than mail a broken link', async () => {
    const missingToken = renderEmail('verify_email', { name: 'Ana' } as never, { publicUrl });
    await expect(missingToken).rejects.toBeInstanceOf(DomainError);
    await expect(missingToken).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('token') });
    const textDate = renderEmail('password_changed', { name: 'Ana', at: '2026-11-23' } as never, { publicUrl });
    await expect(textDate).rejects.toMatchObject({ message: expect.stringContaining('at') });
    await expect(renderEmail('welcome', { name: '   ', token: 't' }, { publicUrl })).rejects.toMatchObject({ message: expect.stringContaining('name') });
  });

  it('checks data without rendering it (what queueing stores), and renders the stored JSON as the original', async () => {
    const data = { name: '  Ana ', ...lesson, role: 'student' as const, where: 'Online', extra: 'dropped' } as EmailTemplateData['booking_confirmed'];
    const parsed = parseEmailData('booking_confirmed', data);
    expect(parsed).toEqual({ name: 'Ana', ...lesson, role: 'student', where: 'Online' });
    expect(() => parseEmailData('verify_email', { name: 'Ana' } as never)).toThrow(expect.objectContaining({ code: 'internal', message: expect.stringContaining('token') }));
    // Stored as JSON, the Date is an ISO string: it renders the same.
    const stored: unknown = JSON.parse(JSON.stringify(parsed));
    expect(stored).toMatchObject({ startsAt: '2026-11-23T15:00:00.000Z' });
    expect(await renderStoredEmail('booking_confirmed', stored, { publicUrl })).toEqual(await renderEmail('booking_confirmed', data, { publicUrl }));
    await expect(renderStoredEmail('no_such_template', {}, { publicUrl })).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('no_such_template') });
    await expect(renderStoredEmail('toString', {}, { publicUrl })).rejects.toMatchObject({ code: 'internal' });
  });
});
