/**
 * Stripe's error body `{error: {type, code, decline_code?, message, param?, …}}` and its HTTP
 * statuses. `validation` marks failures detected before any work begins: Stripe does not save
 * them under an idempotency key, so a corrected retry with the same key is allowed.
 */
export type StripeErrorType = 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  [extra: string]: unknown;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    readonly validation: boolean,
  ) {
    super(body.message);
  }

  toResponseBody(): { error: StripeErrorBody } {
    return { error: this.body };
  }
}

function docUrl(code: string | undefined): Partial<StripeErrorBody> {
  return code ? { doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}` } : {};
}

/** 400 for a parameter problem; never saved under an idempotency key. */
export function invalidParam(message: string, param: string | undefined, code = 'parameter_invalid'): StripeApiError {
  return new StripeApiError(400, { type: 'invalid_request_error', code, message, ...(param ? { param } : {}), ...docUrl(code) }, true);
}

export function missingParam(param: string): StripeApiError {
  return invalidParam(`Missing required param: ${param}.`, param, 'parameter_missing');
}

export function unknownParam(param: string): StripeApiError {
  return invalidParam(`Received unknown parameter: ${param}`, param, 'parameter_unknown');
}

export function resourceMissing(kindLabel: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(
    404,
    { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${kindLabel}: '${id}'`, param, ...docUrl('resource_missing') },
    true,
  );
}

/** A move the object's state forbids: the request did execute, so its answer is saved. */
export function unexpectedState(code: string, message: string, extra: Record<string, unknown> = {}): StripeApiError {
  return new StripeApiError(400, { type: 'invalid_request_error', code, message, ...docUrl(code), ...extra }, false);
}

export function idempotencyMismatch(key: string): StripeApiError {
  return new StripeApiError(
    400,
    {
      type: 'idempotency_error',
      message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    },
    true,
  );
}

export function authenticationError(message: string): StripeApiError {
  return new StripeApiError(401, { type: 'invalid_request_error', message }, true);
}

export function unrecognizedUrl(method: string, path: string): StripeApiError {
  return new StripeApiError(
    404,
    {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    },
    true,
  );
}

export function cardError(code: string, message: string, extra: Record<string, unknown> = {}): StripeApiError {
  return new StripeApiError(402, { type: 'card_error', code, message, ...docUrl(code), ...extra }, false);
}
