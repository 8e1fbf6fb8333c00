import { emitEvent, ok, type RequestContext, type Route } from '../context.ts';
import { invalidParam, resourceMissing, unexpectedState } from '../errors.ts';
import type { FormObject } from '../form.ts';
import { newClientSecret, newId } from '../ids.ts';
import { allowOnly, mergeMetadata, oneOf, optionalString, pageParams } from '../params.ts';
import type { StoredObject } from '../store.ts';
import { createObject, listObjects, load } from './objects.ts';

const KIND = 'identity.verification_session';

/** The `last_error.code` values of integrations.md §1.6. */
export const IDENTITY_ERROR_CODES = [
  'abandoned', 'consent_declined', 'country_not_supported', 'device_not_supported', 'document_expired',
  'document_type_not_supported', 'document_unverified_other', 'email_unverified_other', 'email_verification_declined',
  'id_number_insufficient_document_data', 'id_number_mismatch', 'id_number_unverified_other', 'phone_unverified_other',
  'phone_verification_declined', 'selfie_document_missing_photo', 'selfie_face_mismatch', 'selfie_manipulated',
  'selfie_unverified_other', 'under_supported_age',
] as const;
export type IdentityErrorCode = (typeof IDENTITY_ERROR_CODES)[number];

export type IdentityOutcome = { verified: true } | { verified: false; errorCode: IdentityErrorCode };

async function create(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['type', 'metadata', 'return_url', 'options', 'provided_details', 'related_customer', 'client_reference_id', 'verification_flow']);
  const type = oneOf(params, 'type', ['document', 'id_number', 'verification_flow'] as const);
  if (!type) throw invalidParam('Missing required param: type.', 'type', 'parameter_missing');
  const id = newId('vs');
  const session = await createObject(ctx, {
    id,
    kind: KIND,
    prefix: 'vs',
    body: {
      client_reference_id: optionalString(params, 'client_reference_id') ?? null,
      client_secret: newClientSecret(id),
      last_error: null,
      last_verification_report: null,
      metadata: mergeMetadata({}, params.metadata),
      options: {},
      redaction: null,
      related_customer: optionalString(params, 'related_customer') ?? null,
      return_url: optionalString(params, 'return_url') ?? null,
      status: 'requires_input',
      type,
      url: `${ctx.publicBaseUrl}/api/v1/dev/stripe/identity/${id}`,
      verified_outputs: null,
    },
  });
  await emitEvent(ctx, 'identity.verification_session.created', session.body);
  return ok(session.body);
}

/**
 * The local hosted page submitted: requires_input → processing → verified, or back to
 * requires_input with the chosen `last_error.code` (test mode does not really check).
 */
export async function submitVerification(ctx: RequestContext, sessionId: string, outcome: IdentityOutcome): Promise<void> {
  const session = await ctx.store.get(KIND, sessionId);
  if (!session) throw resourceMissing('verification session', sessionId);
  ctx.account = session.account;
  if (session.body.status !== 'requires_input') {
    throw unexpectedState('verification_session_unexpected_state', `This VerificationSession has status ${session.body.status} and cannot be submitted.`);
  }
  Object.assign(session.body, { status: 'processing', last_error: null });
  await save(ctx, session, 'processing');
  if (outcome.verified) {
    Object.assign(session.body, {
      status: 'verified',
      last_verification_report: newId('vr'),
      verified_outputs: { address: null, dob: { day: 1, month: 1, year: 1990 }, first_name: 'Jenny', id_number_type: null, last_name: 'Rosen' },
    });
    await save(ctx, session, 'verified');
    return;
  }
  Object.assign(session.body, {
    status: 'requires_input',
    last_error: { code: outcome.errorCode, reason: `The verification failed: ${outcome.errorCode.replace(/_/g, ' ')}.` },
  });
  await save(ctx, session, 'requires_input');
}

async function save(ctx: RequestContext, session: StoredObject, event: string) {
  await ctx.store.save(session);
  await emitEvent(ctx, `identity.verification_session.${event}`, session.body);
}

async function cancel(ctx: RequestContext, params: FormObject, [id]: string[]) {
  allowOnly(params, []);
  const session = await load(ctx, KIND, id!);
  if (session.body.status !== 'requires_input') {
    throw unexpectedState('verification_session_unexpected_state', `Only a VerificationSession with status requires_input can be canceled; this one is ${session.body.status}.`);
  }
  session.body.status = 'canceled';
  await save(ctx, session, 'canceled');
  return ok(session.body);
}

async function retrieve(ctx: RequestContext, _params: FormObject, [id]: string[]) {
  return ok((await load(ctx, KIND, id!)).body);
}

async function list(ctx: RequestContext, params: FormObject) {
  allowOnly(params, ['status', 'limit', 'starting_after', 'ending_before', 'client_reference_id', 'created']);
  const status = optionalString(params, 'status');
  return ok(await listObjects(ctx, KIND, '/v1/identity/verification_sessions', pageParams(params), status ? { fields: { status } } : {}));
}

export const identityRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/identity\/verification_sessions$/, handle: create },
  { method: 'GET', pattern: /^\/v1\/identity\/verification_sessions$/, handle: list },
  { method: 'GET', pattern: /^\/v1\/identity\/verification_sessions\/([^/]+)$/, handle: retrieve },
  { method: 'POST', pattern: /^\/v1\/identity\/verification_sessions\/([^/]+)\/cancel$/, handle: cancel },
];
