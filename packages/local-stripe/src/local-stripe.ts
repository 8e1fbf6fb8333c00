import type { Kysely } from 'kysely';
import { authenticate, publishableRefused } from './auth.ts';
import { DEFAULT_API_VERSION, makeContext, type RecordedEvent, type RequestContext, type Route } from './context.ts';
import { StripeApiError, idempotencyMismatch, invalidParam, unrecognizedUrl } from './errors.ts';
import { expandBody } from './expand.ts';
import { canonicalParams, decode, parseForm, type FormObject } from './form.ts';
import { newId } from './ids.ts';
import { findSavedResponse, pruneIdempotencyKeys, saveResponse } from './idempotency.ts';
import { expandPaths } from './params.ts';
import { routes } from './routes.ts';
import { ensureSchema } from './schema.ts';
import { completeThreeDSecure } from './resources/three-d-secure.ts';
import { expireAuthorizations } from './resources/expiry.ts';
import { finishOnboarding, readAccountLink, type AccountLinkInfo, type OnboardingOutcome } from './resources/accounts.ts';
import { advancePayouts, failPayout } from './resources/payouts.ts';
import { submitVerification, type IdentityOutcome } from './resources/identity.ts';
import { listEvents, listStoredObjects, type DashboardEvent, type DashboardObject } from './dashboard.ts';

export interface LocalStripeClock {
  nowMs(): number;
}

export interface LocalStripeOptions {
  /** The server's Kysely (PGlite or PostgreSQL); the local Stripe owns the fake_stripe_* tables. */
  db: Kysely<any>;
  clock: LocalStripeClock;
  /** Called with each event's raw JSON (v1 snapshot shape) after it commits; delivery, signing and retries are the caller's job. */
  onEvent?: (event: { id: string; type: string; json: string }) => Promise<void> | void;
  /** For next_action / hosted pages URLs, e.g. 'http://localhost:3000'. */
  publicBaseUrl?: string;
}

export interface LocalStripe {
  /** A fetch-compatible function: give it to Stripe.createFetchHttpClient. Accepts any URL whose path starts with /v1/ (host ignored). */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Creates the fake_stripe_* tables if missing (idempotent; own migration table fake_stripe_migrations). */
  ensureSchema(): Promise<void>;
  /** Local hosted pages: complete (or fail) a 3-D Secure challenge for a PaymentIntent or SetupIntent. */
  completeThreeDSecure(intentId: string, outcome: 'succeed' | 'fail'): Promise<void>;
  /** Cancels authorizations whose capture_before passed by the clock (reason `automatic`, events payment_intent.canceled and charge.expired). Returns how many. */
  expireAuthorizations(): Promise<number>;
  /** Local hosted onboarding: what the link opened with says (undefined for an unknown link). */
  readAccountLink(linkId: string): Promise<AccountLinkInfo | undefined>;
  /** Local hosted onboarding finished: complete with test data, leave requirements due, or leave verification pending (`account.updated`). */
  finishOnboarding(accountId: string, outcome: OnboardingOutcome): Promise<void>;
  /** Moves payouts whose time came by the clock: pending → in_transit → paid. Returns how many moves. */
  advancePayouts(): Promise<number>;
  /** The bank refuses a payout (`payout.failed`, funds back to the account's balance). */
  failPayout(payoutId: string, failureCode?: string): Promise<void>;
  /** Local hosted identity page submitted: verified, or back to requires_input with the chosen error code. */
  submitIdentityVerification(sessionId: string, outcome: IdentityOutcome): Promise<void>;
  /** For a test-mode dashboard: stored objects newest first, optionally of one kind (`payment_intent`, …). */
  listObjects(options?: { kind?: string; limit?: number }): Promise<DashboardObject[]>;
  /** For a test-mode dashboard and "resend event": events newest first, or one by id. */
  listEvents(options?: { limit?: number; id?: string }): Promise<DashboardEvent[]>;
}

interface ParsedRequest {
  method: string;
  path: string;
  headers: Headers;
  params: FormObject;
}

async function readRequest(input: string | URL | Request, init?: RequestInit): Promise<ParsedRequest> {
  const request = input instanceof Request ? input : undefined;
  const url = new URL(request ? request.url : input.toString(), 'http://local-stripe');
  const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
  const headers = new Headers(init?.headers ?? request?.headers);
  let bodyText = '';
  if (init?.body !== undefined && init.body !== null) bodyText = typeof init.body === 'string' ? init.body : await new Response(init.body).text();
  else if (request && method !== 'GET' && method !== 'HEAD') bodyText = await request.text();
  const params = { ...parseForm(url.search.slice(1)), ...parseForm(bodyText) };
  return { method, path: url.pathname, headers, params };
}

function jsonResponse(status: number, body: string, headers: Record<string, string>): Response {
  return new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function createLocalStripe(options: LocalStripeOptions): LocalStripe {
  const { db, clock } = options;
  const publicBaseUrl = options.publicBaseUrl ?? 'http://localhost:3000';
  // One request at a time: Stripe serializes writes to an object, and a single queue keeps
  // idempotency checks and state machines free of races without row locks.
  let queue: Promise<unknown> = Promise.resolve();
  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }

  async function deliver(events: RecordedEvent[]): Promise<void> {
    for (const event of events) {
      try {
        await options.onEvent?.(event);
      } catch {
        // The API call already succeeded at Stripe when a webhook fails; the event stays in
        // fake_stripe_events (GET /v1/events) for the caller's own redelivery.
      }
    }
  }

  /** Runs work in one transaction on a fresh context; its events are added to `recorded` once it commits. */
  async function inTransaction<T>(
    fields: Omit<RequestContext, 'db' | 'store' | 'recorded'>,
    recorded: RecordedEvent[],
    work: (ctx: RequestContext) => Promise<T>,
  ): Promise<T> {
    const [value, events] = await db.transaction().execute(async (tx) => {
      const ctx = makeContext(tx, fields);
      const result = await work(ctx);
      return [result, ctx.recorded] as const;
    });
    recorded.push(...events);
    return value;
  }

  /**
   * One transaction in the queue, then its events to onEvent once the queue is free again, so
   * an event handler may itself call the local Stripe (re-read an object) without deadlock.
   */
  async function exclusive<T>(fields: Omit<RequestContext, 'db' | 'store' | 'recorded'>, work: (ctx: RequestContext) => Promise<T>): Promise<T> {
    const recorded: RecordedEvent[] = [];
    const value = await serialized(() => inTransaction(fields, recorded, work));
    await deliver(recorded);
    return value;
  }

  function baseFields(account = '', publishable = false) {
    return {
      account,
      publishable,
      nowSeconds: Math.floor(clock.nowMs() / 1000),
      requestId: null,
      idempotencyKey: null,
      apiVersion: DEFAULT_API_VERSION,
      publicBaseUrl,
    };
  }

  async function handle(request: ParsedRequest): Promise<Response> {
    const requestId = newId('req');
    const common: Record<string, string> = { 'request-id': requestId };
    const answer = (status: number, body: unknown, extra: Record<string, string> = {}) =>
      jsonResponse(status, JSON.stringify(body, null, 2), { ...common, ...extra });
    try {
      const keyKind = authenticate(request.headers.get('authorization'));
      const path = request.path.replace(/\/+$/, '');
      let matched: { route: Route; args: string[] } | undefined;
      for (const route of routes) {
        if (route.method !== request.method) continue;
        const match = route.pattern.exec(path);
        if (match) {
          matched = { route, args: match.slice(1).map((segment) => decode(segment)) };
          break;
        }
      }
      if (!matched) throw unrecognizedUrl(request.method, request.path);
      if (keyKind === 'publishable' && !matched.route.publishable) publishableRefused();
      const { route, args } = matched;
      const account = request.headers.get('stripe-account') ?? '';
      const idempotencyKey = request.method === 'POST' ? request.headers.get('idempotency-key') : null;
      if (idempotencyKey) common['idempotency-key'] = idempotencyKey;
      if (idempotencyKey && idempotencyKey.length > 255) {
        throw invalidParam('Idempotency-Key must be at most 255 characters long.', undefined, 'idempotency_key_too_long');
      }
      const fields = {
        ...baseFields(account, keyKind === 'publishable'),
        requestId,
        idempotencyKey,
        apiVersion: request.headers.get('stripe-version') ?? DEFAULT_API_VERSION,
      };
      const fingerprint = `${request.method} ${path} ${canonicalParams(request.params)}`;
      const expand = expandPaths(request.params);

      const recorded: RecordedEvent[] = [];
      const response = await serialized(async () => {
        try {
          const reply = await inTransaction(fields, recorded, async (ctx) => {
            await pruneIdempotencyKeys(ctx.db, ctx.nowSeconds);
            if (idempotencyKey) {
              const saved = await findSavedResponse(ctx.db, idempotencyKey, account);
              if (saved) {
                if (saved.fingerprint !== fingerprint) throw idempotencyMismatch(idempotencyKey);
                return { status: Number(saved.status), text: saved.body, replayed: true };
              }
            }
            const result = await route.handle(ctx, request.params, args);
            const body = expand.length > 0 && result.status < 300 ? await expandBody(ctx.store, result.body, expand) : result.body;
            const text = JSON.stringify(body, null, 2);
            if (idempotencyKey) {
              await saveResponse(ctx.db, { key: idempotencyKey, account, fingerprint, status: result.status, body: text, nowSeconds: ctx.nowSeconds });
            }
            return { status: result.status, text, replayed: false };
          });
          return jsonResponse(reply.status, reply.text, { ...common, ...(reply.replayed ? { 'idempotent-replayed': 'true' } : {}) });
        } catch (error) {
          if (!(error instanceof StripeApiError)) throw error;
          const text = JSON.stringify(error.toResponseBody(), null, 2);
          // An error met while executing (an illegal state move) is the request's answer and is
          // replayed; a validation failure is not saved, so a corrected retry may reuse the key.
          if (idempotencyKey && !error.validation) {
            await inTransaction(fields, recorded, (ctx) =>
              saveResponse(ctx.db, { key: idempotencyKey, account, fingerprint, status: error.status, body: text, nowSeconds: ctx.nowSeconds }),
            );
          }
          return jsonResponse(error.status, text, common);
        }
      });
      await deliver(recorded);
      return response;
    } catch (error) {
      if (error instanceof StripeApiError) return answer(error.status, error.toResponseBody());
      const message = error instanceof Error ? error.message : String(error);
      return answer(500, { error: { type: 'api_error', message: `An unknown error occurred in the local Stripe: ${message}` } });
    }
  }

  return {
    async fetch(input, init) {
      return handle(await readRequest(input, init));
    },
    ensureSchema: () => ensureSchema(db, clock.nowMs()),
    completeThreeDSecure: (intentId, outcome) =>
      exclusive(baseFields(), (ctx) => completeThreeDSecure(ctx, intentId, outcome)),
    expireAuthorizations: () => exclusive(baseFields(), (ctx) => expireAuthorizations(ctx)),
    readAccountLink: (linkId) => exclusive(baseFields(), (ctx) => readAccountLink(ctx, linkId)),
    finishOnboarding: (accountId, outcome) => exclusive(baseFields(), (ctx) => finishOnboarding(ctx, accountId, outcome)),
    advancePayouts: () => exclusive(baseFields(), (ctx) => advancePayouts(ctx)),
    failPayout: (payoutId, failureCode = 'account_closed') =>
      exclusive(baseFields(), (ctx) => failPayout(ctx, payoutId, failureCode)),
    submitIdentityVerification: (sessionId, outcome) =>
      exclusive(baseFields(), (ctx) => submitVerification(ctx, sessionId, outcome)),
    listObjects: (query = {}) => listStoredObjects(db, query),
    listEvents: (query = {}) => listEvents(db, query),
  };
}
