import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_OAUTH_CLIENT_ID } from '../../apps/server/src/modules/auth/machine-tokens.ts';
import { aClientIp, anAdmin, anInstructor, aStudent, signIn } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Every route of the OpenAPI document × every kind of caller. `ok` means the caller got past
 * authentication and authorization (any status but 401/403: a 400 for the empty body is fine);
 * 401 and 403 must be exactly those. A route missing from this table fails the test, so a new
 * route cannot ship without someone deciding who may call it.
 */
type Expected = 'ok' | 401 | 403;
type Row = { anonymous: Expected; student: Expected; instructor: Expected; admin: Expected; machine: Expected };

const PUBLIC: Row = { anonymous: 'ok', student: 'ok', instructor: 'ok', admin: 'ok', machine: 'ok' };
const ANY_PERSON: Row = { anonymous: 401, student: 'ok', instructor: 'ok', admin: 'ok', machine: 403 };
/** Authenticated by the refresh cookie, not the bearer token: without the cookie, nobody. */
const COOKIE_ONLY: Row = { anonymous: 401, student: 401, instructor: 401, admin: 401, machine: 401 };
/** An instructor's own supply (admins hold these permissions too: they can set up an instructor). */
const INSTRUCTOR_SELF: Row = { anonymous: 401, student: 403, instructor: 'ok', admin: 'ok', machine: 403 };
/** A student's own memory of the marketplace (favorites, history): people with the student permissions, admins included. */
const STUDENT_SELF: Row = { anonymous: 401, student: 'ok', instructor: 403, admin: 'ok', machine: 403 };
const ADMIN_OR_ASSISTANT: Row = { anonymous: 401, student: 403, instructor: 403, admin: 'ok', machine: 'ok' };
/** Admins; a machine client only with the route's own scope, which the matrix's machine token does not carry. */
const ADMIN_ONLY: Row = { anonymous: 401, student: 403, instructor: 403, admin: 'ok', machine: 403 };
/** The local Stripe's API: authenticated by a Stripe key (sk_test_/pk_test_), which none of our callers' tokens is (local-stripe-dev.test.ts). */
/** Booking a lesson: students only (admins do not book, PRODUCT.md §1). */
const STUDENT_ONLY: Row = { anonymous: 401, student: 'ok', instructor: 403, admin: 403, machine: 403 };
/** A booking's parties (each checked against the booking) and admins. */
const BOOKING_PARTIES: Row = { anonymous: 401, student: 'ok', instructor: 'ok', admin: 'ok', machine: 403 };
const STRIPE_KEY_ONLY: Row = { anonymous: 401, student: 401, instructor: 401, admin: 401, machine: 401 };

const MATRIX: Record<string, Row> = {
  'GET /api/v1/health': PUBLIC,
  // Guarded like /metrics: open in development without metrics credentials (health.test.ts covers production).
  'GET /api/v1/health/details': PUBLIC,
  'GET /api/v1/health/lite': PUBLIC,
  'GET /api/v1/ready': PUBLIC,
  'GET /api/v1/catalog': PUBLIC,
  'GET /api/v1/catalog/categories/{slug}': PUBLIC,
  'GET /api/v1/catalog/services': PUBLIC,
  'GET /api/v1/auth/config': PUBLIC,
  'POST /api/v1/auth/register': PUBLIC,
  'POST /api/v1/auth/login': PUBLIC,
  'POST /api/v1/auth/refresh': COOKIE_ONLY,
  'POST /api/v1/auth/logout': PUBLIC,
  'POST /api/v1/auth/verify-email': PUBLIC,
  'POST /api/v1/auth/verify-email/resend': ANY_PERSON,
  'POST /api/v1/auth/password-reset': PUBLIC,
  'POST /api/v1/auth/password-reset/confirm': PUBLIC,
  'GET /api/v1/me': ANY_PERSON,
  'PATCH /api/v1/me': ANY_PERSON,
  'POST /api/v1/me/password': ANY_PERSON,
  'GET /api/v1/me/sessions': ANY_PERSON,
  'DELETE /api/v1/me/sessions/{id}': ANY_PERSON,
  'POST /api/v1/me/2fa/setup': ANY_PERSON,
  'POST /api/v1/me/2fa/confirm': ANY_PERSON,
  'POST /api/v1/me/2fa/disable': ANY_PERSON,
  'POST /api/v1/me/phone': ANY_PERSON,
  'POST /api/v1/me/phone/verify': ANY_PERSON,
  'GET /api/v1/admin/users': ADMIN_OR_ASSISTANT,
  'GET /api/v1/me/availability': INSTRUCTOR_SELF,
  'PUT /api/v1/me/availability': INSTRUCTOR_SELF,
  'GET /api/v1/me/availability/buffer': INSTRUCTOR_SELF,
  'PUT /api/v1/me/availability/buffer': INSTRUCTOR_SELF,
  'GET /api/v1/me/availability/template': INSTRUCTOR_SELF,
  'PUT /api/v1/me/availability/template': INSTRUCTOR_SELF,
  'POST /api/v1/me/availability/template/apply': INSTRUCTOR_SELF,
  'GET /api/v1/me/availability/blackouts': INSTRUCTOR_SELF,
  'POST /api/v1/me/availability/blackouts': INSTRUCTOR_SELF,
  'DELETE /api/v1/me/availability/blackouts/{date}': INSTRUCTOR_SELF,
  'GET /api/v1/instructors/{id}/slots': PUBLIC,
  'GET /api/v1/neighborhoods': PUBLIC,
  'GET /api/v1/me/instructor-profile/service-areas': INSTRUCTOR_SELF,
  'PUT /api/v1/me/instructor-profile/service-areas': INSTRUCTOR_SELF,
  'GET /api/v1/media/{*}': PUBLIC,
  'GET /api/v1/me/instructor-profile': INSTRUCTOR_SELF,
  'PUT /api/v1/me/instructor-profile': INSTRUCTOR_SELF,
  'PUT /api/v1/me/instructor-profile/services': INSTRUCTOR_SELF,
  'POST /api/v1/me/instructor-profile/photo': INSTRUCTOR_SELF,
  'POST /api/v1/me/instructor-profile/publish': INSTRUCTOR_SELF,
  'POST /api/v1/me/instructor-profile/unpublish': INSTRUCTOR_SELF,
  'POST /api/v1/me/payouts/onboarding': INSTRUCTOR_SELF,
  'GET /api/v1/me/payouts': INSTRUCTOR_SELF,
  'POST /api/v1/me/payouts/instant': INSTRUCTOR_SELF,
  'POST /api/v1/me/identity/session': INSTRUCTOR_SELF,
  'GET /api/v1/me/identity': INSTRUCTOR_SELF,
  'GET /api/v1/instructors': PUBLIC,
  'GET /api/v1/instructors/{id}': PUBLIC,
  'GET /api/v1/search': PUBLIC,
  'GET /api/v1/search/parse': PUBLIC,
  'POST /api/v1/admin/instructors/{id}/approve': ADMIN_OR_ASSISTANT,
  'PUT /api/v1/me/favorites/{instructorId}': STUDENT_SELF,
  'DELETE /api/v1/me/favorites/{instructorId}': STUDENT_SELF,
  'GET /api/v1/me/favorites': STUDENT_SELF,
  'POST /api/v1/me/recently-viewed': STUDENT_SELF,
  'GET /api/v1/me/recently-viewed': STUDENT_SELF,
  'GET /api/v1/me/search-history': STUDENT_SELF,
  'DELETE /api/v1/me/search-history/{id}': STUDENT_SELF,
  'DELETE /api/v1/me/search-history': STUDENT_SELF,
  'POST /api/v1/me/payment-methods/setup': STUDENT_SELF,
  'GET /api/v1/me/payment-methods': STUDENT_SELF,
  'GET /api/v1/bookings/quote': STUDENT_ONLY,
  'POST /api/v1/bookings': STUDENT_ONLY,
  'POST /api/v1/bookings/{id}/confirm': STUDENT_ONLY,
  'POST /api/v1/bookings/{id}/payment-method': STUDENT_ONLY,
  'GET /api/v1/bookings/{id}': BOOKING_PARTIES,
  'GET /api/v1/me/bookings': BOOKING_PARTIES,
  // The feed is reached by its token alone (404 for an unknown one); its address belongs to each person.
  'GET /api/v1/calendar/{token}.ics': PUBLIC,
  'GET /api/v1/me/calendar': ANY_PERSON,
  'POST /api/v1/me/calendar/rotate': ANY_PERSON,
  'GET /api/v1/bookings/{id}/cancellation-preview': BOOKING_PARTIES,
  'POST /api/v1/bookings/{id}/cancel': BOOKING_PARTIES,
  'POST /api/v1/bookings/{id}/reschedule': BOOKING_PARTIES,
  'POST /api/v1/bookings/{id}/no-show': BOOKING_PARTIES,
  'POST /api/v1/bookings/{id}/no-show/dispute': BOOKING_PARTIES,
  'GET /api/v1/me/credits': BOOKING_PARTIES,
  'GET /api/v1/admin/bookings/no-shows': ADMIN_ONLY,
  'GET /api/v1/admin/bookings/payment-attention': ADMIN_ONLY,
  'POST /api/v1/admin/bookings/{id}/no-show/resolve': ADMIN_ONLY,
  'POST /api/v1/bookings/{id}/tip': STUDENT_ONLY,
  'POST /api/v1/admin/bookings/{id}/refund': ADMIN_ONLY,
  'PUT /api/v1/me/payment-methods/{id}/default': STUDENT_SELF,
  'DELETE /api/v1/me/payment-methods/{id}': STUDENT_SELF,
  'GET /api/v1/admin/ledger/trial-balance': ADMIN_ONLY,
  'POST /api/v1/admin/ledger/reconcile': ADMIN_ONLY,
  'GET /api/v1/admin/ledger/reconciliations': ADMIN_ONLY,
  'GET /api/v1/admin/ledger/accounts/{id}': ADMIN_ONLY,
  // Stripe's deliveries: the signature is the authentication (stripe-webhooks.test.ts).
  'POST /api/v1/payments/webhooks/stripe': PUBLIC,
  // Development-only tools (absent in production, see production.test.ts).
  'GET /api/v1/dev/clock': PUBLIC,
  'POST /api/v1/dev/clock': PUBLIC,
  'POST /api/v1/dev/jobs/run-due': PUBLIC,
  'POST /api/v1/dev/stripe/events/{id}/resend': PUBLIC,
  'GET /api/v1/dev/stripe/deliveries': PUBLIC,
  'POST /api/v1/dev/jobs/echo': PUBLIC,
  'GET /api/v1/dev/jobs/echo/{jobId}': PUBLIC,
  'GET /api/v1/dev/oauth/jwks': PUBLIC,
  'POST /api/v1/dev/oauth/token': PUBLIC,
  'GET /api/v1/dev/outbox/email': PUBLIC,
  'GET /api/v1/dev/outbox/sms': PUBLIC,
  'GET /api/v1/dev/stripe/v1/{*}': STRIPE_KEY_ONLY,
  'POST /api/v1/dev/stripe/v1/{*}': STRIPE_KEY_ONLY,
  'DELETE /api/v1/dev/stripe/v1/{*}': STRIPE_KEY_ONLY,
  'GET /api/v1/dev/stripe/3ds/{intentId}': PUBLIC,
  'POST /api/v1/dev/stripe/3ds/{intentId}': PUBLIC,
  'GET /api/v1/dev/stripe/onboarding/{linkId}': PUBLIC,
  'POST /api/v1/dev/stripe/onboarding/{linkId}': PUBLIC,
  'GET /api/v1/dev/stripe/identity/{sessionId}': PUBLIC,
  'POST /api/v1/dev/stripe/identity/{sessionId}': PUBLIC,
  'GET /api/v1/dev/stripe/objects': PUBLIC,
  'GET /api/v1/dev/stripe/events': PUBLIC,
};

const SAMPLE_PARAMS: Record<string, string> = {
  slug: 'music',
  id: '01JAAAAAAAAAAAAAAAAAAAAAAA',
  instructorId: '01JAAAAAAAAAAAAAAAAAAAAAAA',
  jobId: '00000000-0000-4000-8000-000000000000',
};

describe('authorization matrix', () => {
  let t: TestApp;
  let routes: Array<{ method: string; path: string }>;
  const headers: Record<keyof Row, Record<string, string>> = { anonymous: {}, student: {}, instructor: {}, admin: {}, machine: {} };

  beforeAll(async () => {
    t = await createTestApp();
    const document = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path })));
    headers.student = { authorization: (await signIn(t, await aStudent(t))).authorization };
    headers.instructor = { authorization: (await signIn(t, await anInstructor(t))).authorization };
    headers.admin = { authorization: (await signIn(t, await anAdmin(t))).authorization };
    const issuer = (await t.app.inject({ method: 'GET', url: '/api/v1/dev/oauth/jwks' })).json();
    expect(issuer.keys).toHaveLength(1);
    headers.machine = { authorization: `Bearer ${await machineToken(t, 'users:read:any instructors:approve operations:read')}` };
  });
  afterAll(() => t.close());

  it('covers every route in the OpenAPI document, and nothing else', () => {
    const documented = routes.map((route) => `${route.method} ${route.path}`).sort();
    expect(documented).toEqual(Object.keys(MATRIX).sort());
  });

  it('answers each kind of caller as the matrix says', async () => {
    const failures: string[] = [];
    for (const { method, path } of routes) {
      const row = MATRIX[`${method} ${path}`];
      if (!row) continue;
      const url = path.replace('{*}', 'some/file.webp').replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x');
      for (const caller of Object.keys(row) as Array<keyof Row>) {
        const response = await t.app.inject({
          method: method as 'GET',
          url,
          headers: { ...headers[caller], origin: 'http://localhost:3000' },
          remoteAddress: aClientIp(),
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
        });
        const expected = row[caller];
        const got = response.statusCode;
        const fine = expected === 'ok' ? got !== 401 && got !== 403 && got < 500 : got === expected;
        if (!fine) failures.push(`${method} ${path} as ${caller}: expected ${expected}, got ${got} ${response.body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('lets a machine client act only within its scopes', async () => {
    const narrow = await machineToken(t, 'operations:read');
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: { authorization: `Bearer ${narrow}` } });
    expect(response.statusCode).toBe(403);
    const wide = await t.app.inject({ method: 'GET', url: '/api/v1/admin/users?q=example', headers: headers.machine });
    expect(wide.statusCode).toBe(200);
    expect(wide.json().items.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses machine tokens with a wrong secret, and tokens from another issuer', async () => {
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dev/oauth/token',
      payload: { grant_type: 'client_credentials', client_id: DEV_OAUTH_CLIENT_ID, client_secret: 'wrong', scope: 'users:read:any' },
    });
    expect(refused.statusCode).toBe(401);
    const other = await createTestApp();
    try {
      const foreign = await machineToken(other, 'users:read:any');
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: { authorization: `Bearer ${foreign}` } });
      expect(response.statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });
});

/** A client-credentials token from the app's development issuer (its secret is read from the issuer). */
async function machineToken(t: TestApp, scope: string): Promise<string> {
  const secret = (t.app as unknown as { localOAuthIssuer: { clientSecret: string } }).localOAuthIssuer.clientSecret;
  const basic = Buffer.from(`${DEV_OAUTH_CLIENT_ID}:${secret}`).toString('base64');
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/dev/oauth/token',
    headers: { authorization: `Basic ${basic}` },
    payload: { grant_type: 'client_credentials', scope },
  });
  if (response.statusCode !== 200) throw new Error(`token request failed: ${response.body}`);
  return (response.json() as { access_token: string }).access_token;
}
