import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { PRODUCTION_ENV } from '../support/production-env.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const SECRET = 'Bearer sk_test_journey';
const PUBLISHABLE = 'Bearer pk_test_journey';
const FORM = 'application/x-www-form-urlencoded';
const RETURN_URL = 'http://localhost:3000/account/payment-methods';

/**
 * The local Stripe as the browser and curl meet it in development: Stripe's API over HTTP at
 * /api/v1/dev/stripe/v1/…, and its hosted pages (3-D Secure, onboarding, identity) as plain
 * HTML forms that redirect back like Stripe's.
 */
describe('the local Stripe over HTTP (development)', () => {
  let t: TestApp;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');

  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  /** A Stripe call through the proxy, form-encoded as Stripe.js and the SDK send it. */
  async function stripe(method: 'GET' | 'POST' | 'DELETE', path: string, key: string | null, params: Record<string, string> = {}, headers: Record<string, string> = {}) {
    const body = new URLSearchParams(params).toString();
    const response = await t.app.inject({
      method,
      url: `/api/v1/dev/stripe${path}${method === 'GET' && body ? `?${body}` : ''}`,
      headers: { ...(key ? { authorization: key } : {}), ...(method === 'POST' ? { 'content-type': FORM } : {}), ...headers },
      ...(method === 'POST' ? { payload: body } : {}),
    });
    return { status: response.statusCode, headers: response.headers, body: response.json() as Record<string, any> };
  }

  /** What the browser's card form does: a PaymentMethod with the publishable key, then the SetupIntent confirmed with its client secret. */
  async function saveCard(number: string) {
    const customer = await stripe('POST', '/v1/customers', SECRET, { email: 'student@example.com' });
    const setup = await stripe('POST', '/v1/setup_intents', SECRET, { customer: customer.body.id, usage: 'off_session' });
    expect(setup.status).toBe(200);
    const card = await stripe('POST', '/v1/payment_methods', PUBLISHABLE, {
      type: 'card',
      'card[number]': number,
      'card[exp_month]': '12',
      'card[exp_year]': '2030',
      'card[cvc]': '123',
      'billing_details[address][postal_code]': '10001',
    });
    expect(card.status).toBe(200);
    const confirmed = await stripe('POST', `/v1/setup_intents/${setup.body.id}/confirm`, PUBLISHABLE, {
      client_secret: setup.body.client_secret,
      payment_method: card.body.id,
      return_url: RETURN_URL,
    });
    return { setup: setup.body, card: card.body, confirmed };
  }

  const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;
  const postForm = (url: string, fields: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': FORM }, payload: new URLSearchParams(fields).toString() });

  it('keeps the page on our origin: no Stripe.js allowed by the Content-Security-Policy', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(String(response.headers['content-security-policy'])).not.toContain('stripe.com');
  });

  it('answers 401 as Stripe does without a key, and refuses our own tokens', async () => {
    const missing = await stripe('POST', '/v1/payment_methods', null, { type: 'card', 'card[number]': '4242424242424242' });
    expect(missing.status).toBe(401);
    expect(missing.body.error.type).toBe('invalid_request_error');
    const notStripe = await stripe('GET', '/v1/customers', 'Bearer eyJhbGciOiJFZERTQSJ9.e30.x');
    expect(notStripe.status).toBe(401);
    // curl -u sk_test_…: sends Basic, as Stripe accepts.
    const basic = await stripe('GET', '/v1/customers', `Basic ${Buffer.from('sk_test_curl:').toString('base64')}`);
    expect(basic.status).toBe(200);
    expect(basic.body.object).toBe('list');
    // A publishable key may create cards, not read customers.
    const publishable = await stripe('GET', '/v1/customers', PUBLISHABLE);
    expect(publishable.status).toBeGreaterThanOrEqual(400);
    expect(publishable.status).toBeLessThan(500);
  });

  it('saves a 4242 card from the browser with the publishable key, without a challenge', async () => {
    const { card, confirmed } = await saveCard('4242424242424242');
    expect(card).toMatchObject({ object: 'payment_method', type: 'card', card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030 } });
    expect(JSON.stringify(card)).not.toContain('4242424242424242');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'succeeded', payment_method: card.id });
  });

  it('passes Idempotency-Key through and answers Stripe headers', async () => {
    const first = await stripe('POST', '/v1/customers', SECRET, { email: 'same@example.com' }, { 'idempotency-key': 'journey-key-1' });
    const again = await stripe('POST', '/v1/customers', SECRET, { email: 'same@example.com' }, { 'idempotency-key': 'journey-key-1' });
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['request-id']).toMatch(/^req_/);
    expect(first.headers['content-type']).toContain('application/json');
    const other = await stripe('POST', '/v1/customers', SECRET, { email: 'other@example.com' }, { 'idempotency-key': 'journey-key-1' });
    expect(other.status).toBe(400);
    expect(other.body.error.type).toBe('idempotency_error');
  });

  it('takes a 3155 card through the 3-D Secure page: Complete → back to the page with redirect_status=succeeded', async () => {
    const { setup, card, confirmed } = await saveCard('4000002500003155');
    expect(confirmed.body.status).toBe('requires_action');
    const redirectUrl: string = confirmed.body.next_action.redirect_to_url.url;
    expect(redirectUrl).toMatch(new RegExp(`/api/v1/dev/stripe/3ds/${setup.id}$`));

    const page = await t.app.inject({ method: 'GET', url: pathOf(redirectUrl) });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Complete authentication');
    expect(page.body).toContain('Fail authentication');
    expect(page.body).toContain('Visa •••• 3155');
    expect(page.body).not.toContain('<script');
    // The return URL given at confirmation is carried by the form.
    expect(page.body).toContain(`value="${RETURN_URL}"`);

    const done = await postForm(pathOf(redirectUrl), { outcome: 'succeed', return_url: RETURN_URL });
    expect(done.statusCode).toBe(303);
    const back = new URL(done.headers.location as string);
    expect(back.origin + back.pathname).toBe(RETURN_URL);
    expect(back.searchParams.get('setup_intent')).toBe(setup.id);
    expect(back.searchParams.get('setup_intent_client_secret')).toBe(setup.client_secret);
    expect(back.searchParams.get('redirect_status')).toBe('succeeded');

    const after = await stripe('GET', `/v1/setup_intents/${setup.id}`, SECRET);
    expect(after.body).toMatchObject({ status: 'succeeded', payment_method: card.id });

    // Pressed twice (the back button): a page saying so, not an error.
    const twice = await postForm(pathOf(redirectUrl), { outcome: 'succeed' });
    expect(twice.statusCode).toBe(409);
    expect(twice.headers['content-type']).toContain('text/html');
  });

  it('fails a 3184 challenge: redirect_status=failed with the return URL stored at confirmation', async () => {
    const { setup, confirmed } = await saveCard('4000002760003184');
    expect(confirmed.body.status).toBe('requires_action');
    // No return_url in the form: the one given at confirmation is used.
    const done = await postForm(`/api/v1/dev/stripe/3ds/${setup.id}`, { outcome: 'fail' });
    expect(done.statusCode).toBe(303);
    const back = new URL(done.headers.location as string);
    expect(back.searchParams.get('redirect_status')).toBe('failed');
    const after = await stripe('GET', `/v1/setup_intents/${setup.id}`, SECRET);
    expect(after.body.status).toBe('requires_payment_method');
    expect(after.body.last_setup_error.code).toBe('setup_intent_authentication_failure');
  });

  it('challenges a payment too: the page shows the amount, Complete → payment_intent=… and an authorization to capture', async () => {
    const payment = await stripe('POST', '/v1/payment_intents', SECRET, {
      amount: '8960',
      currency: 'usd',
      capture_method: 'manual',
      payment_method: 'pm_card_threeDSecure2Required',
      confirm: 'true',
      return_url: 'http://localhost:3000/bookings/42',
    });
    expect(payment.body.status).toBe('requires_action');
    const page = await t.app.inject({ method: 'GET', url: pathOf(payment.body.next_action.redirect_to_url.url) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('89.60 USD');
    const done = await postForm(pathOf(payment.body.next_action.redirect_to_url.url), { outcome: 'succeed' });
    expect(done.statusCode).toBe(303);
    const back = new URL(done.headers.location as string);
    expect(back.pathname).toBe('/bookings/42');
    expect(back.searchParams.get('payment_intent')).toBe(payment.body.id);
    expect(back.searchParams.get('redirect_status')).toBe('succeeded');
    expect((await stripe('GET', `/v1/payment_intents/${payment.body.id}`, SECRET)).body.status).toBe('requires_capture');
  });

  it('escapes what it shows, and never follows a return URL that is not http(s)', async () => {
    const { setup } = await saveCard('4000002760003184');
    const hostile = 'http://localhost:3000/x?"><script>alert(1)</script>';
    const page = await t.app.inject({ method: 'GET', url: `/api/v1/dev/stripe/3ds/${setup.id}?return_url=${encodeURIComponent(hostile)}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>');
    const scripted = await postForm(`/api/v1/dev/stripe/3ds/${setup.id}`, { outcome: 'succeed', return_url: 'javascript:alert(1)' });
    // The stored http return URL wins over a javascript: one.
    expect(scripted.statusCode).toBe(303);
    expect(scripted.headers.location).toMatch(/^http:\/\/localhost:3000\/account\/payment-methods\?/);
  });

  it('answers unknown intents, links and sessions with a page, never a 5xx', async () => {
    for (const url of ['/api/v1/dev/stripe/3ds/seti_doesnotexist', '/api/v1/dev/stripe/onboarding/link_nothing', '/api/v1/dev/stripe/identity/vs_nothing']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type']).toContain('text/html');
    }
    const unknown = await postForm('/api/v1/dev/stripe/3ds/pi_doesnotexist', { outcome: 'succeed' });
    expect(unknown.statusCode).toBe(404);
    const bad = await postForm('/api/v1/dev/stripe/3ds/seti_x', { outcome: 'maybe' });
    expect(bad.statusCode).toBe(400);
    const notStripe = await stripe('GET', '/v1/nothing_here', SECRET);
    expect(notStripe.status).toBe(404);
  });

  it('runs Express onboarding on its page: complete → return_url; an expired link → refresh_url', async () => {
    const account = await stripe('POST', '/v1/accounts', SECRET, { type: 'express', email: 'teacher@example.com' });
    const link = await stripe('POST', '/v1/account_links', SECRET, {
      account: account.body.id,
      type: 'account_onboarding',
      return_url: 'http://localhost:3000/instructor/payouts?done=1',
      refresh_url: 'http://localhost:3000/instructor/payouts?refresh=1',
    });
    expect(link.status).toBe(200);
    const page = await t.app.inject({ method: 'GET', url: pathOf(link.body.url) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(account.body.id);
    expect(page.body).toContain('teacher@example.com');
    for (const label of ['Complete with test data', 'Leave requirements due', 'Leave verification pending']) expect(page.body).toContain(label);

    const done = await postForm(pathOf(link.body.url), { outcome: 'complete' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('http://localhost:3000/instructor/payouts?done=1');
    const after = await stripe('GET', `/v1/accounts/${account.body.id}`, SECRET);
    expect(after.body).toMatchObject({ charges_enabled: true, payouts_enabled: true, details_submitted: true });

    const later = await stripe('POST', '/v1/account_links', SECRET, {
      account: account.body.id,
      type: 'account_onboarding',
      return_url: 'http://localhost:3000/instructor/payouts?done=1',
      refresh_url: 'http://localhost:3000/instructor/payouts?refresh=1',
    });
    clock.advance(10 * 60_000);
    const expired = await t.app.inject({ method: 'GET', url: pathOf(later.body.url) });
    expect(expired.statusCode).toBe(303);
    expect(expired.headers.location).toBe('http://localhost:3000/instructor/payouts?refresh=1');
    const expiredPost = await postForm(pathOf(later.body.url), { outcome: 'requirements_due' });
    expect(expiredPost.headers.location).toBe('http://localhost:3000/instructor/payouts?refresh=1');
  });

  it('runs an Identity check on its page: fail with a chosen code, then verify', async () => {
    const session = await stripe('POST', '/v1/identity/verification_sessions', SECRET, { type: 'document', return_url: 'http://localhost:3000/instructor/setup/identity' });
    const page = await t.app.inject({ method: 'GET', url: pathOf(session.body.url) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<option value="document_expired">');
    expect(page.body).toContain('Verify');

    const failed = await postForm(pathOf(session.body.url), { outcome: 'failed', errorCode: 'document_expired' });
    expect(failed.statusCode).toBe(303);
    expect(failed.headers.location).toBe('http://localhost:3000/instructor/setup/identity');
    const afterFailure = await stripe('GET', `/v1/identity/verification_sessions/${session.body.id}`, SECRET);
    expect(afterFailure.body).toMatchObject({ status: 'requires_input', last_error: { code: 'document_expired' } });

    const unknownCode = await postForm(pathOf(session.body.url), { outcome: 'failed', errorCode: 'not_a_code' });
    expect(unknownCode.statusCode).toBe(400);

    const verified = await postForm(pathOf(session.body.url), { outcome: 'verified' });
    expect(verified.statusCode).toBe(303);
    expect((await stripe('GET', `/v1/identity/verification_sessions/${session.body.id}`, SECRET)).body.status).toBe('verified');
    const again = await t.app.inject({ method: 'GET', url: pathOf(session.body.url) });
    expect(again.statusCode).toBe(409);
  });

  it('lists objects and events for a dashboard', async () => {
    const objects = await t.app.inject({ method: 'GET', url: '/api/v1/dev/stripe/objects?kind=setup_intent&limit=2' });
    expect(objects.statusCode).toBe(200);
    const items = objects.json().items as Array<{ id: string; kind: string; body: { object: string } }>;
    expect(items).toHaveLength(2);
    expect(items.every((item) => item.kind === 'setup_intent' && item.id.startsWith('seti_') && item.body.object === 'setup_intent')).toBe(true);

    const events = await t.app.inject({ method: 'GET', url: '/api/v1/dev/stripe/events?limit=5' });
    expect(events.statusCode).toBe(200);
    const list = events.json().items as Array<{ id: string; type: string; event: { id: string; object: string; type: string } }>;
    expect(list).toHaveLength(5);
    expect(list[0]!.event).toMatchObject({ id: list[0]!.id, object: 'event', type: list[0]!.type });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/dev/stripe/events?limit=0' })).statusCode).toBe(400);
  });
});

describe('the local Stripe over HTTP is absent', () => {
  it.each([
    ['in production', PRODUCTION_ENV],
    ['with a Stripe secret key (Stripe itself is used)', { STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_PUBLISHABLE_KEY: 'pk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' }],
  ])('%s', async (_name, env) => {
    const t = await createTestApp({ env: { ...env } });
    try {
      for (const [method, url] of [
        ['POST', '/api/v1/dev/stripe/v1/payment_methods'],
        ['GET', '/api/v1/dev/stripe/3ds/seti_123'],
        ['GET', '/api/v1/dev/stripe/objects'],
      ] as const) {
        const response = await t.app.inject({ method, url, headers: { authorization: 'Bearer pk_test_x' } });
        expect(response.statusCode, url).toBe(404);
      }
      const document = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      expect(Object.keys((document.json() as { paths: Record<string, unknown> }).paths).filter((path) => path.includes('/dev/stripe'))).toEqual([]);
      // The card form is then Stripe.js: its script, frames (3-D Secure) and API are allowed.
      const csp = String(document.headers['content-security-policy']);
      expect(csp).toMatch(/script-src [^;]*https:\/\/js\.stripe\.com/);
      expect(csp).toMatch(/frame-src [^;]*https:\/\/hooks\.stripe\.com/);
      expect(csp).toMatch(/connect-src [^;]*https:\/\/api\.stripe\.com/);
    } finally {
      await t.close();
    }
  });
});
