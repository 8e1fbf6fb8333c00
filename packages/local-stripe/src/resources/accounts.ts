import { emitEvent, ok, previousAttributes, type RequestContext, type Route } from '../context.ts';
import { invalidParam, resourceMissing } from '../errors.ts';
import type { FormObject } from '../form.ts';
import { newId } from '../ids.ts';
import { allowOnly, mergeMetadata, oneOf, optionalObject, optionalString, pageParams, requiredString } from '../params.ts';
import type { StoredObject } from '../store.ts';
import { createObject, listObjects } from './objects.ts';

/** What Stripe asks of a new US Express individual before charges and payouts are enabled. */
const ONBOARDING_REQUIREMENTS = [
  'business_profile.mcc',
  'business_profile.url',
  'business_type',
  'external_account',
  'individual.address.city',
  'individual.address.line1',
  'individual.address.postal_code',
  'individual.address.state',
  'individual.dob.day',
  'individual.dob.month',
  'individual.dob.year',
  'individual.email',
  'individual.first_name',
  'individual.last_name',
  'individual.phone',
  'individual.ssn_last_4',
  'tos_acceptance.date',
  'tos_acceptance.ip',
];

/** How the local hosted onboarding page ends. */
export type OnboardingOutcome = 'complete' | 'requirements_due' | 'pending_verification';

/** Account links expire after five minutes, as Stripe's do. */
const ACCOUNT_LINK_SECONDS = 300;

function requirements(due: string[], disabledReason: string | null, pending: string[] = []): Record<string, unknown> {
  return {
    alternatives: [],
    current_deadline: null,
    currently_due: due,
    disabled_reason: disabledReason,
    errors: [],
    eventually_due: due,
    past_due: due,
    pending_verification: pending,
  };
}

async function create(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['type', 'country', 'email', 'capabilities', 'business_type', 'metadata', 'business_profile', 'default_currency', 'controller']);
  const type = oneOf(params, 'type', ['express', 'standard', 'custom'] as const) ?? 'express';
  if (type !== 'express') throw invalidParam('The local Stripe simulates Express accounts only.', 'type');
  const capabilities = optionalObject(params, 'capabilities') ?? {};
  const account = await createObject(ctx, {
    kind: 'account',
    prefix: 'acct',
    account: '',
    body: {
      business_profile: { mcc: null, name: null, product_description: null, support_email: null, url: null },
      business_type: optionalString(params, 'business_type') ?? null,
      capabilities: Object.fromEntries(Object.keys(capabilities).map((name) => [name, 'inactive'])),
      charges_enabled: false,
      controller: { is_controller: true, type: 'application', stripe_dashboard: { type: 'express' } },
      country: (optionalString(params, 'country') ?? 'US').toUpperCase(),
      default_currency: optionalString(params, 'default_currency') ?? 'usd',
      details_submitted: false,
      email: optionalString(params, 'email') ?? null,
      external_accounts: { object: 'list', data: [], has_more: false, total_count: 0, url: '' },
      future_requirements: requirements([], null),
      metadata: mergeMetadata({}, params.metadata),
      payouts_enabled: false,
      requirements: requirements(ONBOARDING_REQUIREMENTS, 'requirements.past_due'),
      settings: { payouts: { debit_negative_balances: true, schedule: { delay_days: 2, interval: 'daily' } } },
      tos_acceptance: { date: null },
      type,
    },
  });
  account.body.external_accounts.url = `/v1/accounts/${account.id}/external_accounts`;
  await ctx.store.save(account);
  return ok(account.body);
}

export async function loadAccount(ctx: RequestContext, id: string, param = 'account'): Promise<StoredObject> {
  const account = await ctx.store.get('account', id);
  if (!account) throw resourceMissing('account', id, param);
  return account;
}

/**
 * Money can only be sent to a connected account whose `transfers` capability is active (after
 * onboarding), with Stripe's errors otherwise.
 */
export async function requireTransferDestination(ctx: RequestContext, id: string, param: string): Promise<StoredObject> {
  const account = await ctx.store.get('account', id);
  if (!account) throw invalidParam(`No such destination: '${id}'`, param, 'resource_missing');
  if (account.body.capabilities?.transfers !== 'active') {
    throw invalidParam(
      'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments',
      param,
      'insufficient_capabilities_for_transfer',
    );
  }
  return account;
}

async function retrieve(ctx: RequestContext, _params: FormObject, [id]: string[]) {
  return ok((await loadAccount(ctx, id!, 'id')).body);
}

/**
 * The platform's own account id: one test-mode account per local Stripe, so the same in every
 * database. Account debits (transfers made with Stripe-Account) name it as their destination.
 */
export const PLATFORM_ACCOUNT_ID = 'acct_local_platform';

/** `GET /v1/account`: the account named by Stripe-Account, else the platform itself. */
async function retrieveOwn(ctx: RequestContext) {
  if (ctx.account) return ok((await loadAccount(ctx, ctx.account)).body);
  return ok({ id: PLATFORM_ACCOUNT_ID, object: 'account', charges_enabled: true, payouts_enabled: true, details_submitted: true, country: 'US', default_currency: 'usd', type: 'standard' });
}

async function update(ctx: RequestContext, params: FormObject, [id]: string[]) {
  allowOnly(params, ['metadata', 'email', 'business_profile']);
  const account = await loadAccount(ctx, id!, 'id');
  const before = structuredClone(account.body);
  account.body.metadata = mergeMetadata(account.body.metadata, params.metadata);
  if (params.email !== undefined) account.body.email = optionalString(params, 'email') ?? null;
  const profile = optionalObject(params, 'business_profile');
  if (profile) account.body.business_profile = { ...account.body.business_profile, ...profile };
  await ctx.store.save(account);
  await emitEvent(ctx, 'account.updated', account.body, { account: account.id, previousAttributes: previousAttributes(before, account.body) });
  return ok(account.body);
}

async function list(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['limit', 'starting_after', 'ending_before']);
  return ok(await listObjects(ctx, 'account', '/v1/accounts', pageParams(params)));
}

async function createLink(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['account', 'refresh_url', 'return_url', 'type', 'collect', 'collection_options']);
  const account = await loadAccount(ctx, requiredString(params, 'account'));
  const type = oneOf(params, 'type', ['account_onboarding', 'account_update'] as const);
  if (!type) throw invalidParam('Missing required param: type.', 'type', 'parameter_missing');
  const returnUrl = requiredString(params, 'return_url');
  const refreshUrl = requiredString(params, 'refresh_url');
  const linkId = newId('acctlink');
  await createObject(ctx, {
    id: linkId,
    kind: 'account_link',
    prefix: 'acctlink',
    account: '',
    parent: account.id,
    body: { account: account.id, type, return_url: returnUrl, refresh_url: refreshUrl, expires_at: ctx.nowSeconds + ACCOUNT_LINK_SECONDS },
  });
  return ok({
    object: 'account_link',
    created: ctx.nowSeconds,
    expires_at: ctx.nowSeconds + ACCOUNT_LINK_SECONDS,
    url: `${ctx.publicBaseUrl}/api/v1/dev/stripe/onboarding/${linkId}`,
  });
}

export interface AccountLinkInfo {
  account: string;
  type: string;
  returnUrl: string;
  refreshUrl: string;
  expired: boolean;
}

/** What the local hosted onboarding page needs to know about the link it was opened with. */
export async function readAccountLink(ctx: RequestContext, linkId: string): Promise<AccountLinkInfo | undefined> {
  const link = await ctx.store.get('account_link', linkId);
  if (!link) return undefined;
  return {
    account: link.body.account,
    type: link.body.type,
    returnUrl: link.body.return_url,
    refreshUrl: link.body.refresh_url,
    expired: link.body.expires_at <= ctx.nowSeconds,
  };
}

/**
 * The end of the local hosted onboarding: complete with test data (charges and payouts
 * enabled, a bank account for standard and instant payouts), leave requirements due, or leave
 * the identity check pending. Each sends `account.updated` with what changed.
 */
export async function finishOnboarding(ctx: RequestContext, accountId: string, outcome: OnboardingOutcome): Promise<void> {
  const account = await loadAccount(ctx, accountId);
  const before = structuredClone(account.body);
  const body = account.body;
  body.details_submitted = true;
  body.business_type = 'individual';
  body.tos_acceptance = { date: ctx.nowSeconds, ip: '127.0.0.1', user_agent: 'local-stripe' };
  body.business_profile = { ...body.business_profile, mcc: '8299', url: 'https://instainstru.example/instructors' };
  if (outcome === 'complete') {
    if (body.external_accounts.data.length === 0) {
      body.external_accounts = {
        ...body.external_accounts,
        data: [
          {
            id: newId('ba'),
            object: 'bank_account',
            account: account.id,
            available_payout_methods: ['standard', 'instant'],
            bank_name: 'STRIPE TEST BANK',
            country: 'US',
            currency: 'usd',
            default_for_currency: true,
            last4: '6789',
            routing_number: '110000000',
            status: 'new',
          },
        ],
        total_count: 1,
      };
    }
    body.capabilities = Object.fromEntries(Object.keys({ card_payments: 1, transfers: 1, ...body.capabilities }).map((name) => [name, 'active']));
    Object.assign(body, { charges_enabled: true, payouts_enabled: true, requirements: requirements([], null) });
  } else if (outcome === 'pending_verification') {
    Object.assign(body, {
      charges_enabled: false,
      payouts_enabled: false,
      requirements: requirements([], 'requirements.pending_verification', ['individual.id_number', 'individual.verification.document']),
    });
  } else {
    Object.assign(body, {
      charges_enabled: false,
      payouts_enabled: false,
      requirements: requirements(['individual.verification.document', 'external_account'], 'requirements.past_due'),
    });
  }
  await ctx.store.save(account);
  await emitEvent(ctx, 'account.updated', body, { account: account.id, previousAttributes: previousAttributes(before, body) });
}

export const accountRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/accounts$/, handle: create },
  { method: 'GET', pattern: /^\/v1\/accounts$/, handle: list },
  { method: 'GET', pattern: /^\/v1\/account$/, handle: retrieveOwn },
  { method: 'GET', pattern: /^\/v1\/accounts\/([^/]+)$/, handle: retrieve },
  { method: 'POST', pattern: /^\/v1\/accounts\/([^/]+)$/, handle: update },
  { method: 'POST', pattern: /^\/v1\/account_links$/, handle: createLink },
];
