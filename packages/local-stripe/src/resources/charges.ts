import { ok, type RequestContext, type Route } from '../context.ts';
import type { FormObject } from '../form.ts';
import { allowOnly, optionalString, pageParams } from '../params.ts';
import { listObjects, load } from './objects.ts';

async function retrieveCharge(ctx: RequestContext, _params: FormObject, [id]: string[]) {
  return ok((await load(ctx, 'charge', id!)).body);
}

async function listCharges(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['payment_intent', 'customer', 'transfer_group', 'limit', 'starting_after', 'ending_before']);
  const intent = optionalString(params, 'payment_intent');
  const customer = optionalString(params, 'customer');
  const group = optionalString(params, 'transfer_group');
  return ok(
    await listObjects(ctx, 'charge', '/v1/charges', pageParams(params), {
      ...(intent ? { parent: intent } : {}),
      fields: { ...(customer ? { customer } : {}), ...(group ? { transfer_group: group } : {}) },
    }),
  );
}

async function retrieveApplicationFee(ctx: RequestContext, _params: FormObject, [id]: string[]) {
  return ok((await load(ctx, 'application_fee', id!)).body);
}

async function listApplicationFees(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['charge', 'limit', 'starting_after', 'ending_before']);
  const charge = optionalString(params, 'charge');
  return ok(await listObjects(ctx, 'application_fee', '/v1/application_fees', pageParams(params), charge ? { parent: charge } : {}));
}

export const chargeRoutes: Route[] = [
  { method: 'GET', pattern: /^\/v1\/charges$/, handle: listCharges },
  { method: 'GET', pattern: /^\/v1\/charges\/([^/]+)$/, handle: retrieveCharge },
  { method: 'GET', pattern: /^\/v1\/application_fees$/, handle: listApplicationFees },
  { method: 'GET', pattern: /^\/v1\/application_fees\/([^/]+)$/, handle: retrieveApplicationFee },
];
