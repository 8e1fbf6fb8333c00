import { signStripePayload } from '@instainstru/local-stripe';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookEventsRepository } from '../../apps/server/src/modules/payments/webhooks/webhook-events.repository.ts';
import { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { anAdmin, anInstructor, aStudent, signIn } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Payouts onboarding and identity (issue 10 items 2 and 3) through the HTTP API, against the
 * local Stripe: the instructor opens the hosted pages, the local Stripe finishes them as the
 * pages would, and its events reach the webhook route signed with the configured secret and are
 * processed by the job worker, as Stripe's deliveries would be.
 */
describe('payouts and identity journey', () => {
  let t: TestApp;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const delivered = new Set<string>();

  beforeAll(async () => {
    t = await createTestApp({ clock, work: true });
  });
  afterAll(() => t.close());

  const localStripe = () => t.app.localStripe!;

  async function anInstructorSignedIn() {
    const person = await anInstructor(t);
    return { id: person.id, person, authorization: (await signIn(t, person)).authorization };
  }

  const call = (authorization: string, method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization, ...headers }, ...(body === undefined ? {} : { payload: body as Record<string, unknown> }) });

  async function deliverEvent(json: string) {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': signStripePayload(t.config.payments.webhookSecret, json, Math.floor(clock.nowMs() / 1000)) },
      payload: json,
    });
    expect(response.statusCode).toBe(200);
    const id = (JSON.parse(json) as { id: string }).id;
    await expect
      .poll(async () => (await new WebhookEventsRepository().find(t.database.db, id))?.processedAt ?? null, { timeout: 20_000, interval: 100 })
      .not.toBeNull();
  }

  /** Delivers every event the local Stripe sent since the last call, oldest first (or in the order given). */
  async function newEvents(): Promise<Array<{ id: string; type: string; json: string }>> {
    const events = (await localStripe().listEvents({ limit: 500 })).filter((event) => !delivered.has(event.id)).reverse();
    for (const event of events) delivered.add(event.id);
    return events;
  }
  async function deliverNewEvents() {
    for (const event of await newEvents()) await deliverEvent(event.json);
  }

  const accountOf = async (userId: string) =>
    (await t.database.db.selectFrom('payoutAccounts').select('accountId').where('userId', '=', userId).executeTakeFirstOrThrow()).accountId;
  const checklistItem = async (authorization: string, name: string) =>
    ((await call(authorization, 'GET', '/me/instructor-profile')).json().checklist as Array<{ item: string; status: string; required: boolean; detail: string }>).find(
      (entry) => entry.item === name,
    )!;

  it('starts with no payout account: not started, nothing to pay out, and the checklist item required', async () => {
    const me = await anInstructorSignedIn();
    const overview = await call(me.authorization, 'GET', '/me/payouts');
    expect(overview.statusCode).toBe(200);
    expect(overview.json()).toEqual({
      status: 'not_started',
      requirements: [],
      balance: { availableCents: 0, pendingCents: 0, instantAvailableCents: 0 },
      payouts: [],
      instantFeeBasisPoints: 200,
    });
    expect(await checklistItem(me.authorization, 'payouts')).toMatchObject({ status: 'not_started', required: true });
    expect(await checklistItem(me.authorization, 'identity')).toMatchObject({ status: 'not_started', required: true });
  });

  it('onboards: one account however often asked, the hosted page completes it, account.updated enables payouts and the checklist item', async () => {
    const me = await anInstructorSignedIn();
    const first = await call(me.authorization, 'POST', '/me/payouts/onboarding');
    expect(first.statusCode).toBe(201);
    expect(first.json().url).toMatch(/\/api\/v1\/dev\/stripe\/onboarding\/acctlink_/);
    const second = await call(me.authorization, 'POST', '/me/payouts/onboarding');
    expect(second.json().url).not.toBe(first.json().url);
    const accountId = await accountOf(me.id);

    const link = await localStripe().readAccountLink(String(first.json().url).split('/').pop()!);
    expect(link).toMatchObject({ account: accountId, returnUrl: `${t.config.PUBLIC_URL}/instructor/payouts?onboarding=return`, refreshUrl: `${t.config.PUBLIC_URL}/instructor/payouts?onboarding=refresh` });

    expect((await call(me.authorization, 'GET', '/me/payouts')).json().status).toBe('details_needed');
    clock.advance(5_000);
    await localStripe().finishOnboarding(accountId, 'complete');
    await deliverNewEvents();
    const overview = (await call(me.authorization, 'GET', '/me/payouts')).json();
    expect(overview).toMatchObject({ status: 'enabled', requirements: [] });
    expect(await checklistItem(me.authorization, 'payouts')).toMatchObject({ status: 'complete', required: true });
  });

  it('says which details are needed in plain sentences, and ignores an older account.updated arriving after a newer one', async () => {
    const me = await anInstructorSignedIn();
    await call(me.authorization, 'POST', '/me/payouts/onboarding');
    const accountId = await accountOf(me.id);

    clock.advance(5_000);
    await localStripe().finishOnboarding(accountId, 'requirements_due');
    const older = await newEvents();
    expect(older.map((event) => event.type)).toEqual(['account.updated']);
    for (const event of older) await deliverEvent(event.json);
    const needed = (await call(me.authorization, 'GET', '/me/payouts')).json();
    expect(needed.status).toBe('details_needed');
    expect(needed.requirements).toEqual([
      'Upload a photo of your government-issued ID (driver’s license, passport or state ID).',
      'Add the bank account your payouts go to.',
    ]);
    expect(await checklistItem(me.authorization, 'payouts')).toMatchObject({ status: 'incomplete' });

    clock.advance(5_000);
    await localStripe().finishOnboarding(accountId, 'complete');
    await deliverNewEvents();
    expect((await call(me.authorization, 'GET', '/me/payouts')).json().status).toBe('enabled');
    // The older state arriving after the newer one (another event of that time, late): nothing moves back.
    const late = JSON.parse(older[0]!.json) as Record<string, unknown>;
    await deliverEvent(JSON.stringify({ ...late, id: `${String(late.id)}_late` }));
    expect((await call(me.authorization, 'GET', '/me/payouts')).json()).toMatchObject({ status: 'enabled', requirements: [] });
    expect(await checklistItem(me.authorization, 'payouts')).toMatchObject({ status: 'complete' });
  });

  it('pays out instantly with the 2% fee, shows the balance and history, and refuses more than the instant-available balance', async () => {
    const me = await anInstructorSignedIn();
    const early = await call(me.authorization, 'POST', '/me/payouts/instant', { amountCents: 1_000 });
    expect(early.statusCode, early.body).toBe(409);
    await call(me.authorization, 'POST', '/me/payouts/onboarding');
    const accountId = await accountOf(me.id);
    await localStripe().finishOnboarding(accountId, 'complete');
    await deliverNewEvents();
    // Earnings reach the account as a transfer from the platform (a lesson's share, a tip…).
    const sdk = new Stripe('sk_test_journey', { httpClient: Stripe.createFetchHttpClient(localStripe().fetch), maxNetworkRetries: 0 });
    await sdk.transfers.create({ amount: 10_000, currency: 'usd', destination: accountId });

    const before = (await call(me.authorization, 'GET', '/me/payouts')).json();
    expect(before.balance).toEqual({ availableCents: 10_000, pendingCents: 0, instantAvailableCents: 10_000 });

    const above = await call(me.authorization, 'POST', '/me/payouts/instant', { amountCents: 10_001 });
    expect(above.statusCode).toBe(422);
    expect(above.json().errors).toEqual([{ field: 'body.amountCents', reason: 'must be at most 10000, the balance available for instant payout' }]);

    const headers = { 'idempotency-key': 'instant-journey-0001' };
    const platformBefore = (await sdk.balance.retrieve()).available[0]!.amount;
    const paid = await call(me.authorization, 'POST', '/me/payouts/instant', { amountCents: 5_000 }, headers);
    expect(paid.statusCode).toBe(201);
    expect(paid.json()).toEqual({ id: expect.stringMatching(/^po_/), amountCents: 4_900, method: 'instant', status: 'pending', arrivalDate: new Date(clock.nowMs() + 30 * 60_000).toISOString(), feeCents: 100 });
    const retried = await call(me.authorization, 'POST', '/me/payouts/instant', { amountCents: 5_000 }, headers);
    expect(retried.json().id).toBe(paid.json().id);
    // The fee reached the platform (an account debit) once; the instructor's balance fell by the 5,000 asked for.
    expect((await sdk.balance.retrieve()).available[0]!.amount).toBe(platformBefore + 100);
    expect((await call(me.authorization, 'GET', '/me/payouts')).json().balance.availableCents).toBe(5_000);
    const admin = await signIn(t, await anAdmin(t));
    const trial = (await call(admin.authorization, 'GET', '/admin/ledger/trial-balance')).json();
    expect(trial.differenceCents).toBe(0);
    expect(trial.accounts.find((line: { code: string }) => line.code === 'revenue_instant_payout_fee')?.balanceCents).toBe(100);
    // Reconciliation finds the platform's side of the fee (a `payment` balance transaction) named by the fee's posting, for the same amount.
    const reconciled = (await t.app.inject({ method: 'POST', url: '/api/v1/admin/ledger/reconcile', headers: { authorization: admin.authorization }, payload: {} })).json();
    const aboutTheFee = reconciled.differences.filter(
      (difference: { kind: string; type?: string; reference?: string }) => difference.type === 'payment' || difference.reference === `payout:${paid.json().id}:fee`,
    );
    expect(aboutTheFee).toEqual([]);
    // (It does list what the books lack: the test's own transfer of earnings, made outside the ledger.)
    expect(reconciled.differences.some((difference: { kind: string; type?: string }) => difference.kind === 'missing_in_ledger' && difference.type === 'transfer')).toBe(true);

    await localStripe().advancePayouts();
    clock.advance(31 * 60_000);
    await localStripe().advancePayouts();
    // Half an hour later the access token has expired: sign in again.
    me.authorization = (await signIn(t, me.person)).authorization;
    const after = (await call(me.authorization, 'GET', '/me/payouts')).json();
    expect(after.balance.availableCents).toBe(5_000);
    expect(after.payouts).toEqual([{ ...paid.json(), status: 'paid' }]);

    // payout.paid reaches the books once, however often it is delivered; a later failure undoes it.
    const payoutId = paid.json().id as string;
    const events = await newEvents();
    for (const event of events) await deliverEvent(event.json);
    const paidEvent = events.find((event) => event.type === 'payout.paid')!;
    await deliverEvent(JSON.stringify({ ...JSON.parse(paidEvent.json), id: `${paidEvent.id}_again` }));
    expect(await postings(payoutId)).toEqual([
      {
        reference: `payout:${payoutId}:fee`,
        lines: [[`connected_balance:${me.id}`, -100], [`instructor_payable:${me.id}`, 100], ['provider_cash', 100], ['revenue_instant_payout_fee', -100]],
      },
      { reference: `payout:${payoutId}:paid`, lines: [[`connected_balance:${me.id}`, -4_900], [`instructor_payable:${me.id}`, 4_900]] },
    ]);
    await localStripe().failPayout(payoutId, 'account_closed');
    await deliverNewEvents();
    expect((await postings(payoutId)).map((entry) => entry.reference)).toEqual([`payout:${payoutId}:failed`, `payout:${payoutId}:fee`, `payout:${payoutId}:paid`]);
    expect((await postings(payoutId))[0]!.lines).toEqual([[`connected_balance:${me.id}`, 4_900], [`instructor_payable:${me.id}`, -4_900]]);

    // One that fails on its way (no payout.paid ever) still nets to zero in the books.
    const bounced = (await call(me.authorization, 'POST', '/me/payouts/instant', { amountCents: 1_000 })).json().id as string;
    await localStripe().failPayout(bounced, 'could_not_process');
    await deliverNewEvents();
    // (Its fee stays collected, as the platform's would at Stripe: only the payout itself comes back.)
    const records = (await postings(bounced)).filter((entry) => !entry.reference.endsWith(':fee'));
    expect(records.map((entry) => entry.reference)).toEqual([`payout:${bounced}:failed`, `payout:${bounced}:paid`]);
    const net = new Map<string, number>();
    for (const [code, cents] of records.flatMap((entry) => entry.lines)) net.set(String(code), (net.get(String(code)) ?? 0) + Number(cents));
    expect(Object.fromEntries(net)).toEqual({ [`connected_balance:${me.id}`]: 0, [`instructor_payable:${me.id}`]: 0 });

    // Everything at once, then the same request again (a retry after a lost answer): one payout, though the balance is gone.
    const everything = (await call(me.authorization, 'GET', '/me/payouts')).json().balance.instantAvailableCents as number;
    const all = await call(me.authorization, 'POST', '/me/payouts/instant', { amountCents: everything }, { 'idempotency-key': 'instant-journey-0002' });
    expect(all.statusCode).toBe(201);
    const again = await call(me.authorization, 'POST', '/me/payouts/instant', { amountCents: everything }, { 'idempotency-key': 'instant-journey-0002' });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(all.json());
  });

  /** The ledger transactions recorded for a payout, with their lines (account code, cents), sorted. */
  async function postings(payoutId: string) {
    const transactions = await t.database.db
      .selectFrom('ledgerTransactions')
      .select(['id', 'reference'])
      .where('reference', 'like', `payout:${payoutId}:%`)
      .orderBy('reference')
      .execute();
    const result = [];
    for (const transaction of transactions) {
      const lines = await t.database.db
        .selectFrom('ledgerEntries')
        .innerJoin('ledgerAccounts', 'ledgerAccounts.id', 'ledgerEntries.accountId')
        .select(['ledgerAccounts.code', 'ledgerEntries.amountCents'])
        .where('ledgerEntries.transactionId', '=', transaction.id)
        .orderBy('ledgerAccounts.code')
        .execute();
      result.push({ reference: transaction.reference, lines: lines.map((line) => [line.code, Number(line.amountCents)]) });
    }
    return result;
  }

  it('refuses invalid amounts with 400', async () => {
    const me = await anInstructorSignedIn();
    for (const amountCents of [0, -5, 1.5, '100']) {
      expect((await call(me.authorization, 'POST', '/me/payouts/instant', { amountCents })).statusCode).toBe(400);
    }
  });

  it('verifies identity: the hosted page passes, the events make the checklist item complete', async () => {
    const me = await anInstructorSignedIn();
    expect((await call(me.authorization, 'GET', '/me/identity')).json()).toEqual({ status: 'not_started', lastErrorCode: null, lastError: null, verifiedAt: null });
    const started = await call(me.authorization, 'POST', '/me/identity/session');
    expect(started.statusCode).toBe(201);
    const sessionId = String(started.json().url).split('/').pop()!;
    expect(sessionId).toMatch(/^vs_/);
    expect((await call(me.authorization, 'GET', '/me/identity')).json().status).toBe('requires_input');

    clock.advance(2_000);
    await localStripe().submitIdentityVerification(sessionId, { verified: true });
    // processing and verified share a second: copies of them delivered again in reverse, verified still wins.
    const outcome = await newEvents();
    for (const event of outcome) await deliverEvent(event.json);
    for (const event of [...outcome].reverse()) await deliverEvent(JSON.stringify({ ...JSON.parse(event.json), id: `${event.id}_again` }));
    expect((await call(me.authorization, 'GET', '/me/identity')).json()).toEqual({ status: 'verified', lastErrorCode: null, lastError: null, verifiedAt: clock.now().toISOString() });
    expect(await checklistItem(me.authorization, 'identity')).toMatchObject({ status: 'complete', required: true });
    expect((await call(me.authorization, 'POST', '/me/identity/session')).statusCode).toBe(409);
  });

  it('reports a failed identity check with its code and plain words, then a retry that passes', async () => {
    const me = await anInstructorSignedIn();
    const sessionId = String((await call(me.authorization, 'POST', '/me/identity/session')).json().url).split('/').pop()!;
    clock.advance(2_000);
    await localStripe().submitIdentityVerification(sessionId, { verified: false, errorCode: 'document_expired' });
    const failure = await newEvents();
    for (const event of [...failure].reverse()) await deliverEvent(JSON.stringify({ ...JSON.parse(event.json), id: `${event.id}_reversed` }));
    expect((await call(me.authorization, 'GET', '/me/identity')).json()).toMatchObject({
      status: 'requires_input',
      lastErrorCode: 'document_expired',
      lastError: 'Your document has expired. Try again with a valid one.',
    });
    expect(await checklistItem(me.authorization, 'identity')).toMatchObject({ status: 'incomplete', detail: expect.stringContaining('Your document has expired') });

    // The retry's outcome is read on return, before its webhook.
    clock.advance(2_000);
    await localStripe().submitIdentityVerification(sessionId, { verified: true });
    expect((await call(me.authorization, 'GET', '/me/identity?refresh=true')).json().status).toBe('verified');
    // The events arriving late change nothing.
    await deliverNewEvents();
    expect((await call(me.authorization, 'GET', '/me/identity')).json().status).toBe('verified');
  });

  it("keeps each instructor to their own account and sessions, and students out", async () => {
    const owner = await anInstructorSignedIn();
    const other = await anInstructorSignedIn();
    await call(owner.authorization, 'POST', '/me/payouts/onboarding');
    const ownerAccount = await accountOf(owner.id);
    await localStripe().finishOnboarding(ownerAccount, 'complete');
    await deliverNewEvents();
    const ownerSession = String((await call(owner.authorization, 'POST', '/me/identity/session')).json().url).split('/').pop()!;
    await localStripe().submitIdentityVerification(ownerSession, { verified: true });
    await deliverNewEvents();

    // Nothing of the owner's shows for the other instructor, whose own account is a new one.
    expect((await call(other.authorization, 'GET', '/me/payouts')).json().status).toBe('not_started');
    expect((await call(other.authorization, 'GET', '/me/identity?refresh=true')).json().status).toBe('not_started');
    await call(other.authorization, 'POST', '/me/payouts/onboarding');
    expect(await accountOf(other.id)).not.toBe(ownerAccount);
    expect((await call(other.authorization, 'POST', '/me/payouts/instant', { amountCents: 100 })).statusCode).toBe(409);

    const student = await aStudent(t);
    const studentAuth = (await signIn(t, student)).authorization;
    for (const [method, url] of [['GET', '/me/payouts'], ['POST', '/me/payouts/onboarding'], ['POST', '/me/identity/session'], ['GET', '/me/identity']] as const) {
      expect((await call(studentAuth, method, url)).statusCode).toBe(403);
    }
  });
});

/**
 * With no job worker, no webhook is ever processed (nor, where the local Stripe delivers its
 * own events by a job, delivered): what the instructor sees on coming back from Stripe's pages
 * is what the API re-reads from Stripe.
 */
describe('payouts and identity when the webhooks are late', () => {
  let quiet: TestApp;
  beforeAll(async () => {
    quiet = await createTestApp({ clock: new ControllableClock('2026-11-23T15:00:00Z') });
  });
  afterAll(() => quiet.close());

  it('re-reads the payout account and the identity check on return', async () => {
    const person = await anInstructor(quiet);
    const { authorization } = await signIn(quiet, person);
    const get = (url: string) => quiet.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization } });
    await quiet.app.inject({ method: 'POST', url: '/api/v1/me/payouts/onboarding', headers: { authorization } });
    const { accountId } = await quiet.database.db.selectFrom('payoutAccounts').select('accountId').where('userId', '=', person.id).executeTakeFirstOrThrow();
    await quiet.app.localStripe!.finishOnboarding(accountId, 'pending_verification');
    expect((await get('/me/payouts')).json().status).toBe('details_needed');
    expect((await get('/me/payouts?refresh=true')).json().status).toBe('pending_verification');

    const session = await quiet.app.inject({ method: 'POST', url: '/api/v1/me/identity/session', headers: { authorization } });
    await quiet.app.localStripe!.submitIdentityVerification(String(session.json().url).split('/').pop()!, { verified: false, errorCode: 'selfie_face_mismatch' });
    expect((await get('/me/identity')).json()).toMatchObject({ status: 'requires_input', lastErrorCode: null });
    expect((await get('/me/identity?refresh=true')).json()).toMatchObject({ status: 'requires_input', lastErrorCode: 'selfie_face_mismatch' });

    const checklist = (await get('/me/instructor-profile')).json().checklist as Array<{ item: string; status: string }>;
    expect(checklist.filter((entry) => ['payouts', 'identity'].includes(entry.item)).map((entry) => [entry.item, entry.status])).toEqual([
      ['payouts', 'pending'],
      ['identity', 'incomplete'],
    ]);
  });
});
