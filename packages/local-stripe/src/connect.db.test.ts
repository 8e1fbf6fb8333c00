import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventTypes, onboardedAccount, useHarness, type Harness } from './testing/harness.ts';

const holder = useHarness({ beforeAll, beforeEach, afterAll });
let h: Harness;
beforeEach(() => {
  h = holder.current;
});

const DAY = 24 * 3600;

async function lastEvent(type: string): Promise<Stripe.Event> {
  const delivered = [...h.events].reverse().find((event) => event.type === type);
  if (!delivered) throw new Error(`no ${type} event`);
  return JSON.parse(delivered.json);
}

describe('Express accounts and onboarding', () => {
  it('start with requirements due, get a local hosted onboarding link, and are enabled when it completes', async () => {
    const account = await h.stripe.accounts.create({ type: 'express', country: 'US', email: 't@example.com', capabilities: { transfers: { requested: true } } });
    expect(account).toMatchObject({ object: 'account', type: 'express', charges_enabled: false, payouts_enabled: false, details_submitted: false });
    expect(account.id).toMatch(/^acct_/);
    expect(account.requirements?.currently_due).toContain('external_account');
    expect(account.requirements?.disabled_reason).toBe('requirements.past_due');

    const link = await h.stripe.accountLinks.create({
      account: account.id,
      type: 'account_onboarding',
      return_url: 'http://localhost:3000/instructor/payouts/return',
      refresh_url: 'http://localhost:3000/instructor/payouts/refresh',
    });
    expect(link).toMatchObject({ object: 'account_link', expires_at: h.clock.seconds + 300 });
    expect(link.url).toMatch(/^http:\/\/localhost:3000\/api\/v1\/dev\/stripe\/onboarding\/acctlink_/);
    const linkId = link.url.split('/').at(-1)!;
    expect(await h.local.readAccountLink(linkId)).toEqual({
      account: account.id,
      type: 'account_onboarding',
      returnUrl: 'http://localhost:3000/instructor/payouts/return',
      refreshUrl: 'http://localhost:3000/instructor/payouts/refresh',
      expired: false,
    });
    h.clock.advanceSeconds(300);
    expect((await h.local.readAccountLink(linkId))?.expired).toBe(true);
    expect(await h.local.readAccountLink('acctlink_unknown')).toBeUndefined();

    await h.local.finishOnboarding(account.id, 'complete');
    const enabled = await h.stripe.accounts.retrieve(account.id);
    expect(enabled).toMatchObject({ charges_enabled: true, payouts_enabled: true, details_submitted: true, capabilities: { transfers: 'active' } });
    expect(enabled.requirements).toMatchObject({ currently_due: [], disabled_reason: null });
    expect(enabled.external_accounts?.data[0]).toMatchObject({ object: 'bank_account', available_payout_methods: ['standard', 'instant'] });
    const event = await lastEvent('account.updated');
    expect(event.account).toBe(account.id);
    expect(event.data.previous_attributes).toMatchObject({ charges_enabled: false, payouts_enabled: false, details_submitted: false });
  });

  it('can leave requirements due or verification pending', async () => {
    const due = await h.stripe.accounts.create({ type: 'express' });
    await h.local.finishOnboarding(due.id, 'requirements_due');
    expect(await h.stripe.accounts.retrieve(due.id)).toMatchObject({
      details_submitted: true,
      payouts_enabled: false,
      requirements: { currently_due: ['individual.verification.document', 'external_account'], disabled_reason: 'requirements.past_due' },
    });
    const pending = await h.stripe.accounts.create({ type: 'express' });
    await h.local.finishOnboarding(pending.id, 'pending_verification');
    expect(await h.stripe.accounts.retrieve(pending.id)).toMatchObject({
      charges_enabled: false,
      requirements: { currently_due: [], disabled_reason: 'requirements.pending_verification', pending_verification: ['individual.id_number', 'individual.verification.document'] },
    });
    await h.local.finishOnboarding(pending.id, 'complete');
    expect((await h.stripe.accounts.retrieve(pending.id)).payouts_enabled).toBe(true);
  });

  it('answers GET /v1/account for the connected account named by Stripe-Account', async () => {
    const id = await onboardedAccount(h);
    expect((await h.stripe.accounts.retrieveCurrent({}, { stripeAccount: id })).id).toBe(id);
    await expect(h.stripe.accounts.retrieve('acct_nobody')).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('payouts', () => {
  async function fundedAccount(amount: number): Promise<string> {
    const id = await onboardedAccount(h);
    await h.stripe.transfers.create({ amount, currency: 'usd', destination: id });
    return id;
  }

  it('standard: pending → in_transit → paid by the clock, out of the available balance', async () => {
    const account = await fundedAccount(10000);
    const payout = await h.stripe.payouts.create({ amount: 6000, currency: 'usd' }, { stripeAccount: account });
    expect(payout).toMatchObject({ object: 'payout', status: 'pending', method: 'standard', amount: 6000, arrival_date: h.clock.seconds + 2 * DAY });
    expect(payout.id).toMatch(/^po_/);
    expect(await h.stripe.balance.retrieve({}, { stripeAccount: account })).toMatchObject({ available: [{ amount: 4000 }] });
    expect(await h.local.advancePayouts()).toBe(0);
    h.clock.advanceSeconds(3600);
    expect(await h.local.advancePayouts()).toBe(1);
    expect((await h.stripe.payouts.retrieve(payout.id, {}, { stripeAccount: account })).status).toBe('in_transit');
    h.clock.advanceSeconds(2 * DAY);
    expect(await h.local.advancePayouts()).toBe(1);
    expect((await h.stripe.payouts.retrieve(payout.id, {}, { stripeAccount: account })).status).toBe('paid');
    const paid = await lastEvent('payout.paid');
    expect(paid.account).toBe(account);
    expect(eventTypes(h).filter((type) => type.startsWith('payout.'))).toEqual(['payout.created', 'payout.updated', 'payout.updated', 'payout.paid']);
    const transactions = await h.stripe.balanceTransactions.list({ type: 'payout' }, { stripeAccount: account });
    expect(transactions.data.map((txn) => txn.amount)).toEqual([-6000]);
  });

  it('instant: in transit at once and paid within 30 minutes', async () => {
    const account = await fundedAccount(5000);
    const payout = await h.stripe.payouts.create({ amount: 5000, currency: 'usd', method: 'instant' }, { stripeAccount: account });
    expect(payout.arrival_date).toBe(h.clock.seconds + 1800);
    expect((await h.stripe.balance.retrieve({}, { stripeAccount: account })).instant_available).toEqual([{ amount: 0, currency: 'usd', source_types: { card: 0 } }]);
    expect(await h.local.advancePayouts()).toBe(1);
    expect((await h.stripe.payouts.retrieve(payout.id, {}, { stripeAccount: account })).status).toBe('in_transit');
    h.clock.advanceSeconds(1800);
    await h.local.advancePayouts();
    expect((await h.stripe.payouts.retrieve(payout.id, {}, { stripeAccount: account })).status).toBe('paid');
  });

  it('a failed payout returns the money; pending funds, unfinished onboarding and the platform cannot pay out', async () => {
    const account = await fundedAccount(3000);
    const payout = await h.stripe.payouts.create({ amount: 3000, currency: 'usd' }, { stripeAccount: account });
    await h.local.failPayout(payout.id, 'account_closed');
    expect(await h.stripe.payouts.retrieve(payout.id, {}, { stripeAccount: account })).toMatchObject({ status: 'failed', failure_code: 'account_closed' });
    expect(await h.stripe.balance.retrieve({}, { stripeAccount: account })).toMatchObject({ available: [{ amount: 3000 }] });
    expect(eventTypes(h)).toContain('payout.failed');

    await expect(h.stripe.payouts.create({ amount: 3001, currency: 'usd' }, { stripeAccount: account })).rejects.toMatchObject({ code: 'balance_insufficient' });
    const unfinished = await h.stripe.accounts.create({ type: 'express' });
    await expect(h.stripe.payouts.create({ amount: 1, currency: 'usd' }, { stripeAccount: unfinished.id })).rejects.toMatchObject({ code: 'payouts_not_allowed' });
    await expect(h.stripe.payouts.create({ amount: 1, currency: 'usd' })).rejects.toMatchObject({ statusCode: 400 });
  });

  it('a pending standard payout can be canceled, an instant one cannot', async () => {
    const account = await fundedAccount(4000);
    const standard = await h.stripe.payouts.create({ amount: 1000, currency: 'usd' }, { stripeAccount: account });
    expect((await h.stripe.payouts.cancel(standard.id, {}, { stripeAccount: account })).status).toBe('canceled');
    const instant = await h.stripe.payouts.create({ amount: 1000, currency: 'usd', method: 'instant' }, { stripeAccount: account });
    await expect(h.stripe.payouts.cancel(instant.id, {}, { stripeAccount: account })).rejects.toMatchObject({ statusCode: 400 });
    expect(await h.stripe.balance.retrieve({}, { stripeAccount: account })).toMatchObject({ available: [{ amount: 3000 }] });
    expect((await h.stripe.payouts.list({ status: 'canceled' }, { stripeAccount: account })).data.map((p) => p.id)).toEqual([standard.id]);
  });
});

describe('Identity verification sessions', () => {
  it('requires_input → processing → verified on the local hosted page', async () => {
    const session = await h.stripe.identity.verificationSessions.create({ type: 'document', metadata: { userId: 'u1' }, return_url: 'http://localhost:3000/x' });
    expect(session).toMatchObject({ object: 'identity.verification_session', status: 'requires_input', type: 'document' });
    expect(session.id).toMatch(/^vs_/);
    expect(session.url).toBe(`http://localhost:3000/api/v1/dev/stripe/identity/${session.id}`);
    await h.local.submitIdentityVerification(session.id, { verified: true });
    expect((await h.stripe.identity.verificationSessions.retrieve(session.id)).status).toBe('verified');
    expect(eventTypes(h).filter((type) => type.startsWith('identity.'))).toEqual([
      'identity.verification_session.created',
      'identity.verification_session.processing',
      'identity.verification_session.verified',
    ]);
    await expect(h.stripe.identity.verificationSessions.cancel(session.id)).rejects.toMatchObject({ statusCode: 400 });
  });

  it('fails back to requires_input with the chosen last_error.code, and can be canceled there', async () => {
    const session = await h.stripe.identity.verificationSessions.create({ type: 'document' });
    await h.local.submitIdentityVerification(session.id, { verified: false, errorCode: 'document_expired' });
    const failed = await h.stripe.identity.verificationSessions.retrieve(session.id);
    expect(failed).toMatchObject({ status: 'requires_input', last_error: { code: 'document_expired' } });
    expect(eventTypes(h).at(-1)).toBe('identity.verification_session.requires_input');
    expect((await h.stripe.identity.verificationSessions.cancel(session.id)).status).toBe('canceled');
    expect(eventTypes(h).at(-1)).toBe('identity.verification_session.canceled');
  });
});

describe('dashboard listings', () => {
  it('list stored objects and events newest first, one event by id', async () => {
    const customer = await h.stripe.customers.create();
    await h.stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    expect((await h.local.listObjects({ kind: 'customer' })).map((object) => object.id)).toEqual([customer.id]);
    expect((await h.local.listObjects()).map((object) => object.kind)).toEqual(['payment_intent', 'customer']);
    const events = await h.local.listEvents();
    expect(events.map((event) => event.type)).toEqual(['payment_intent.created', 'customer.created']);
    expect(await h.local.listEvents({ id: events[1]!.id })).toEqual([events[1]]);
    expect(events[0]!.json).toBe(h.events.at(-1)!.json);
  });
});
