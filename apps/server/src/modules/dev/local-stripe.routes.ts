import type { LocalStripe } from '@instainstru/local-stripe';
import { IDENTITY_ERROR_CODES } from '@instainstru/local-stripe';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { identityPage, messagePage, onboardingPage, threeDSecurePage } from './local-stripe.pages.ts';

/** Where the local Stripe is served, under /api/v1 (its next_action and hosted-page URLs point here). */
const BASE = '/dev/stripe';
/** Stripe's request headers the proxy passes on; cookies and our own headers never reach the local Stripe. */
const FORWARDED_HEADERS = ['authorization', 'idempotency-key', 'stripe-account', 'stripe-version', 'content-type'];
/** Stripe's response headers the proxy passes back. */
const RETURNED_HEADERS = ['content-type', 'request-id', 'idempotency-key', 'idempotent-replayed'];

const DashboardObject = z
  .object({
    id: z.string(),
    kind: z.string().describe('payment_intent, setup_intent, customer, account, …'),
    account: z.string().describe("'' for the platform, else the connected account"),
    created: z.number().int().describe('Unix seconds (local Stripe clock)'),
    body: z.record(z.string(), z.unknown()).describe('The object as the API answers it'),
  })
  .meta({ id: 'LocalStripeObject' });

const DashboardEvent = z
  .object({
    id: z.string(),
    type: z.string(),
    account: z.string(),
    created: z.number().int(),
    event: z.record(z.string(), z.unknown()).describe('The event exactly as delivered to the webhook endpoint'),
  })
  .meta({ id: 'LocalStripeEvent' });

const Limit = z.coerce.number().int().min(1).max(500).default(50);

const ThreeDSecureForm = z.object({
  outcome: z.enum(['succeed', 'fail']),
  return_url: z.string().max(2000).optional(),
});
const OnboardingForm = z.object({ outcome: z.enum(['complete', 'requirements_due', 'pending_verification']) });
const IdentityForm = z.object({
  outcome: z.enum(['verified', 'failed']),
  errorCode: z.enum(IDENTITY_ERROR_CODES).optional(),
});

/** An absolute http(s) URL, or null: a return_url of another scheme (javascript:) is never followed. */
export function safeReturnUrl(value: string | null | undefined): URL | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** Errors the local Stripe's page helpers throw (an intent not awaiting 3-D Secure, an unknown id): Stripe's status and message. */
function stripeFailure(error: unknown): { status: number; message: string } | null {
  if (error instanceof Error && 'status' in error && typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    return { status: error.status, message: error.message };
  }
  return null;
}

function html(reply: FastifyReply, status: number, body: string) {
  // The pages hold client secrets in their redirects: never cached.
  return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}

function htmlRoute(summary: string, description: string) {
  return { tags: ['dev'], summary, description, produces: ['text/html'] };
}

/**
 * Development only (registered when devTools and the local Stripe is the provider): the local
 * Stripe over HTTP for the browser's card form and outside tools, its hosted pages, and
 * read-only views for a test-mode dashboard.
 */
export function localStripeDevRoutes(deps: { local: LocalStripe; secretKey: string }): FastifyPluginAsyncZod {
  const { local } = deps;

  /** A call to the local Stripe as the platform (the hosted pages read what they show). */
  async function readAsPlatform(path: string): Promise<{ status: number; body: Record<string, any> }> {
    const response = await local.fetch(`http://local-stripe${path}`, { headers: { authorization: `Bearer ${deps.secretKey}` } });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  function intentPath(intentId: string): string {
    const collection = intentId.startsWith('seti_') ? 'setup_intents' : 'payment_intents';
    return `/v1/${collection}/${encodeURIComponent(intentId)}?expand[]=payment_method`;
  }

  return async (app) => {
    // The API itself: Stripe's wire format, passed through unchanged.
    const proxyRoutes: FastifyPluginAsyncZod = async (proxy) => {
      // The body stays the exact form-encoded text the caller sent (whatever it says it is); the local Stripe parses it as Stripe does.
      proxy.removeAllContentTypeParsers();
      proxy.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

      proxy.route({
        method: ['GET', 'POST', 'DELETE'],
        url: `${BASE}/v1/*`,
        // Anonymous: the caller authenticates with a Stripe key (Bearer sk_test_… / pk_test_…), which the local Stripe checks; our tokens mean nothing here.
        config: { access: 'public', anonymous: true, foreignErrorBodies: true },
        schema: {
          tags: ['dev'],
          summary: "The local Stripe's API (Stripe's /v1/… over HTTP, for the browser's card form and tools like curl)",
          description:
            'Development only, when no STRIPE_SECRET_KEY is set. Everything after `/api/v1/dev/stripe` is Stripe\'s path: ' +
            '`POST /api/v1/dev/stripe/v1/payment_methods` is `POST https://api.stripe.com/v1/payment_methods`. Form-encoded bodies, ' +
            '`Authorization: Bearer sk_test_…` (any) or `pk_test_…` (where Stripe.js may use it), `Idempotency-Key`, `Stripe-Account`; ' +
            "answers Stripe's statuses and JSON, errors included (401 without a key).",
          consumes: ['application/x-www-form-urlencoded'],
        },
        handler: async (request, reply) => {
          const stripePath = request.url.slice(request.url.indexOf(`${BASE}/v1/`) + BASE.length);
          const headers: Record<string, string> = {};
          for (const name of FORWARDED_HEADERS) {
            const value = request.headers[name];
            if (typeof value === 'string') headers[name] = value;
          }
          const body = typeof request.body === 'string' && request.method !== 'GET' ? request.body : undefined;
          const response = await local.fetch(`http://local-stripe${stripePath}`, { method: request.method, headers, body });
          for (const name of RETURNED_HEADERS) {
            const value = response.headers.get(name);
            if (value !== null) reply.header(name, value);
          }
          // A string with a JSON content type is sent as is: Stripe's bytes, not re-serialized.
          return reply.status(response.status).send(await response.text());
        },
      });
    };
    await app.register(proxyRoutes);

    // The hosted pages: plain HTML forms posting back here.
    const pageRoutes: FastifyPluginAsyncZod = async (pages) => {
      pages.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
        done(null, Object.fromEntries(new URLSearchParams(body as string))),
      );

      pages.get(
        `${BASE}/3ds/:intentId`,
        {
          config: { access: 'public', anonymous: true, foreignErrorBodies: true },
          schema: {
            ...htmlRoute(
              "The local Stripe's 3-D Secure challenge page",
              'Development only. Where `next_action.redirect_to_url.url` of a SetupIntent or PaymentIntent in `requires_action` points: ' +
                'an HTML page with "Complete authentication" and "Fail authentication". `return_url` defaults to the one given at confirmation.',
            ),
            params: z.object({ intentId: z.string().regex(/^(seti|pi)_[A-Za-z0-9]+$/, 'a SetupIntent (seti_…) or PaymentIntent (pi_…) id') }),
            querystring: z.object({ return_url: z.string().max(2000).optional() }),
          },
        },
        async (request, reply) => {
          const { intentId } = request.params;
          const intent = await readAsPlatform(intentPath(intentId));
          if (intent.status !== 200) return html(reply, 404, messagePage('Unknown authentication', `No payment or setup is waiting under ${intentId}.`));
          const returnUrl =
            (safeReturnUrl(request.query.return_url) ?? safeReturnUrl(intent.body.next_action?.redirect_to_url?.return_url))?.toString() ?? null;
          if (intent.body.status !== 'requires_action') {
            return html(reply, 409, messagePage('Nothing to authenticate', `This is no longer awaiting authentication (status ${intent.body.status}).`, returnUrl));
          }
          const card = intent.body.payment_method?.card;
          return html(
            reply,
            200,
            threeDSecurePage({
              intentId,
              kind: intent.body.object === 'setup_intent' ? 'setup_intent' : 'payment_intent',
              amount: intent.body.object === 'payment_intent' ? Number(intent.body.amount) : undefined,
              currency: intent.body.currency,
              card: card ? { brand: capitalize(String(card.brand)), last4: String(card.last4) } : null,
              returnUrl,
              action: `/api/v1${BASE}/3ds/${intentId}`,
            }),
          );
        },
      );

      pages.post(
        `${BASE}/3ds/:intentId`,
        {
          config: { access: 'public', anonymous: true, foreignErrorBodies: true },
          schema: {
            ...htmlRoute(
              'Complete or fail a 3-D Secure challenge (the page\'s form)',
              'Development only. `outcome=succeed` completes the authentication (the intent goes on as Stripe\'s would), `fail` fails it; ' +
                'then 303 to `return_url` with `setup_intent=` or `payment_intent=`, its client secret and `redirect_status=succeeded|failed`, as Stripe does.',
            ),
            consumes: ['application/x-www-form-urlencoded'],
            params: z.object({ intentId: z.string().regex(/^(seti|pi)_[A-Za-z0-9]+$/) }),
            body: ThreeDSecureForm,
          },
        },
        async (request, reply) => {
          const { intentId } = request.params;
          // Read before completing: the stored return_url lives in next_action, which completion clears.
          const before = await readAsPlatform(intentPath(intentId));
          const stored = before.status === 200 ? before.body.next_action?.redirect_to_url?.return_url : undefined;
          const returnUrl = safeReturnUrl(request.body.return_url) ?? safeReturnUrl(stored);
          try {
            await local.completeThreeDSecure(intentId, request.body.outcome);
          } catch (error) {
            const failure = stripeFailure(error);
            if (!failure) throw error;
            return html(reply, failure.status === 404 ? 404 : 409, messagePage('Authentication not possible', failure.message, returnUrl?.toString()));
          }
          const after = await readAsPlatform(intentPath(intentId));
          // 3178 authenticates and is then declined: what counts is where the intent ended up.
          const succeeded = ['succeeded', 'requires_capture', 'processing'].includes(String(after.body.status));
          if (!returnUrl) {
            return html(reply, 200, messagePage(succeeded ? 'Authentication complete' : 'Authentication failed', 'You can close this page.'));
          }
          const param = after.body.object === 'setup_intent' ? 'setup_intent' : 'payment_intent';
          returnUrl.searchParams.set(param, intentId);
          if (after.body.client_secret) returnUrl.searchParams.set(`${param}_client_secret`, String(after.body.client_secret));
          returnUrl.searchParams.set('redirect_status', succeeded ? 'succeeded' : 'failed');
          return redirect(reply, returnUrl.toString());
        },
      );

      pages.get(
        `${BASE}/onboarding/:linkId`,
        {
          config: { access: 'public', anonymous: true, foreignErrorBodies: true },
          schema: {
            ...htmlRoute(
              "The local Stripe's Express onboarding page",
              'Development only. Where an account link points: shows the account with "Complete with test data", "Leave requirements due" and ' +
                '"Leave verification pending". An expired link redirects (303) to its refresh_url.',
            ),
            params: z.object({ linkId: z.string().max(100) }),
          },
        },
        async (request, reply) => {
          const { linkId } = request.params;
          const link = await local.readAccountLink(linkId);
          if (!link) return html(reply, 404, messagePage('Unknown link', 'This onboarding link does not exist.'));
          if (link.expired) return redirectOrPage(reply, link.refreshUrl, 'This onboarding link has expired.');
          const account = await readAsPlatform(`/v1/accounts/${encodeURIComponent(link.account)}`);
          return html(
            reply,
            200,
            onboardingPage({ linkId, account: link.account, type: link.type, email: account.body.email, action: `/api/v1${BASE}/onboarding/${linkId}` }),
          );
        },
      );

      pages.post(
        `${BASE}/onboarding/:linkId`,
        {
          config: { access: 'public', anonymous: true, foreignErrorBodies: true },
          schema: {
            ...htmlRoute(
              'Finish Express onboarding (the page\'s form)',
              'Development only. `outcome` complete | requires_due | pending_verification sets the account as chosen (`account.updated`), then 303 to the link\'s return_url ' +
                '(its refresh_url when the link expired).',
            ),
            consumes: ['application/x-www-form-urlencoded'],
            params: z.object({ linkId: z.string().max(100) }),
            body: OnboardingForm,
          },
        },
        async (request, reply) => {
          const link = await local.readAccountLink(request.params.linkId);
          if (!link) return html(reply, 404, messagePage('Unknown link', 'This onboarding link does not exist.'));
          if (link.expired) return redirectOrPage(reply, link.refreshUrl, 'This onboarding link has expired.');
          await local.finishOnboarding(link.account, request.body.outcome);
          return redirectOrPage(reply, link.returnUrl, 'Onboarding finished. You can close this page.');
        },
      );

      pages.get(
        `${BASE}/identity/:sessionId`,
        {
          config: { access: 'public', anonymous: true, foreignErrorBodies: true },
          schema: {
            ...htmlRoute(
              "The local Stripe's Identity verification page",
              'Development only. Where a VerificationSession\'s `url` points: "Verify", or "Fail with this reason" and a `last_error.code` to choose.',
            ),
            params: z.object({ sessionId: z.string().regex(/^vs_[A-Za-z0-9]+$/, 'a VerificationSession id (vs_…)') }),
          },
        },
        async (request, reply) => {
          const { sessionId } = request.params;
          const session = await readAsPlatform(`/v1/identity/verification_sessions/${sessionId}`);
          if (session.status !== 200) return html(reply, 404, messagePage('Unknown verification', `No verification session ${sessionId}.`));
          if (session.body.status !== 'requires_input') {
            return html(reply, 409, messagePage('Nothing to verify', `This verification is ${session.body.status}.`, safeReturnUrl(session.body.return_url)?.toString()));
          }
          return html(
            reply,
            200,
            identityPage({ sessionId, type: String(session.body.type), errorCodes: IDENTITY_ERROR_CODES, action: `/api/v1${BASE}/identity/${sessionId}` }),
          );
        },
      );

      pages.post(
        `${BASE}/identity/:sessionId`,
        {
          config: { access: 'public', anonymous: true, foreignErrorBodies: true },
          schema: {
            ...htmlRoute(
              'Submit an Identity verification (the page\'s form)',
              'Development only. `outcome=verified`, or `outcome=failed` with `errorCode` (a `last_error.code`); then 303 to the session\'s return_url.',
            ),
            consumes: ['application/x-www-form-urlencoded'],
            params: z.object({ sessionId: z.string().regex(/^vs_[A-Za-z0-9]+$/) }),
            body: IdentityForm,
          },
        },
        async (request, reply) => {
          const { sessionId } = request.params;
          const { outcome, errorCode } = request.body;
          try {
            await local.submitIdentityVerification(sessionId, outcome === 'verified' ? { verified: true } : { verified: false, errorCode: errorCode ?? 'document_unverified_other' });
          } catch (error) {
            const failure = stripeFailure(error);
            if (!failure) throw error;
            return html(reply, failure.status === 404 ? 404 : 409, messagePage('Verification not possible', failure.message));
          }
          const session = await readAsPlatform(`/v1/identity/verification_sessions/${sessionId}`);
          return redirectOrPage(reply, session.body.return_url, outcome === 'verified' ? 'Verification submitted.' : 'Verification failed.');
        },
      );
    };
    await app.register(pageRoutes);

    app.get(
      `${BASE}/objects`,
      {
        config: { access: 'public' },
        schema: {
          tags: ['dev'],
          summary: "The local Stripe's stored objects, newest first (for a test-mode dashboard)",
          description: 'Development only. Optionally of one `kind` (payment_intent, setup_intent, payment_method, customer, account, transfer, payout, …).',
          querystring: z.object({ kind: z.string().max(60).optional(), limit: Limit }),
          response: { 200: z.object({ items: z.array(DashboardObject) }) },
        },
      },
      async (request) => ({ items: await local.listObjects({ kind: request.query.kind, limit: request.query.limit }) }),
    );

    app.get(
      `${BASE}/events`,
      {
        config: { access: 'public' },
        schema: {
          tags: ['dev'],
          summary: "The local Stripe's events, newest first (for a test-mode dashboard)",
          description: 'Development only. Each event as it was delivered to the webhook endpoint.',
          querystring: z.object({ limit: Limit }),
          response: { 200: z.object({ items: z.array(DashboardEvent) }) },
        },
      },
      async (request) => {
        const events = await local.listEvents({ limit: request.query.limit });
        return { items: events.map(({ json, ...event }) => ({ ...event, event: JSON.parse(json) as Record<string, unknown> })) };
      },
    );
  };
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function redirect(reply: FastifyReply, url: string) {
  return reply.status(303).header('cache-control', 'no-store').redirect(url, 303);
}

/** 303 to a page of the caller's (a return or refresh URL), or a short page when it gave none usable. */
function redirectOrPage(reply: FastifyReply, url: string | null | undefined, message: string) {
  const target = safeReturnUrl(url);
  return target ? redirect(reply, target.toString()) : html(reply, 200, messagePage('Local Stripe', message));
}

