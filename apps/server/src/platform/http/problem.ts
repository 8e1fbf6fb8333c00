import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable, isIntegrityViolation } from '../db/connection-errors.ts';
import { DomainError, ERROR_STATUS, type ErrorCode, type FieldError } from '../errors.ts';

/** RFC 9457 problem details, as every error leaves the API. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ErrorCode;
  traceId: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<ErrorCode, string> = {
  validation_failed: 'Your request has invalid fields',
  bad_request: 'Bad request',
  unauthenticated: 'Authentication required',
  forbidden: 'Not allowed',
  self_approval: 'You cannot approve yourself',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  gone: 'Gone',
  precondition_failed: 'Precondition failed',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  unprocessable: 'Cannot process this request',
  precondition_required: 'Precondition required',
  rate_limited: 'Too many requests',
  invalid_credentials: 'Invalid email or password',
  captcha_required: 'CAPTCHA required',
  totp_required: 'Two-factor code required',
  invalid_second_factor: 'Invalid authentication code',
  account_locked: 'Sign-in temporarily locked',
  internal: 'Internal server error',
  service_unavailable: 'Service unavailable',
};

const VALIDATION_CONTEXT_PREFIX: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'headers',
};

export function problemFor(
  request: Pick<FastifyRequest, 'id' | 'url'>,
  code: ErrorCode,
  detail: string,
  extensions: Record<string, unknown> = {},
): Problem {
  const status = ERROR_STATUS[code];
  return {
    type: `/problems/${code.replaceAll('_', '-')}`,
    title: TITLES[code],
    status,
    detail,
    instance: request.url.split('?')[0] ?? request.url,
    code,
    traceId: request.id,
    ...extensions,
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).type('application/problem+json').send(problem);
}

/**
 * Fastify's own refusals, before any route code runs, and the input each one is about: a
 * client can only fix what the answer names.
 */
const FRAMEWORK_ERROR_FIELDS: Record<string, { field: string; reason?: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { field: 'headers.content-type', reason: 'is not a type this operation accepts' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { field: 'headers.content-length', reason: 'does not match the body' },
  FST_ERR_CTP_BODY_TOO_LARGE: { field: 'body', reason: 'is larger than this operation accepts' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { field: 'body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { field: 'body', reason: 'is not valid JSON' },
  // Fastify's messages for these two quote the whole path; the problem's `instance` already does.
  FST_ERR_BAD_URL: { field: 'path', reason: 'is not valid percent-encoded UTF-8' },
  FST_ERR_MAX_PARAM_LENGTH: { field: 'path', reason: 'has a segment longer than 100 characters' },
};

/** `/email` in `body` → `body.email`; `/items/0/name` → `body.items.0.name`. */
function fieldPath(context: string | undefined, instancePath: string, missingProperty?: string): string {
  const prefix = VALIDATION_CONTEXT_PREFIX[context ?? 'body'] ?? context ?? 'body';
  const segments = instancePath.split('/').filter(Boolean);
  if (missingProperty) segments.push(missingProperty);
  return [prefix, ...segments].join('.');
}

function toProblem(error: FastifyError | DomainError | Error, request: FastifyRequest): { problem: Problem; log: boolean } {
  if (error instanceof DomainError) {
    const { errors, ...rest } = error.details;
    const expose = error.status < 500;
    return {
      problem: problemFor(request, error.code, expose ? error.message : 'Something went wrong on our side.', {
        ...(expose ? rest : {}),
        ...(errors ? { errors } : {}),
      }),
      log: !expose,
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((issue) => ({
      field: fieldPath(error.validationContext, issue.instancePath),
      reason: issue.message,
    }));
    return { problem: problemFor(request, 'validation_failed', describeFieldErrors(errors), { errors }), log: false };
  }
  if (isResponseSerializationError(error)) {
    return { problem: problemFor(request, 'internal', 'Something went wrong on our side.'), log: true };
  }
  const fastifyError = error as FastifyError;
  const status = fastifyError.statusCode ?? 500;
  if (fastifyError.validation) {
    const errors = fastifyError.validation.map((issue) => ({
      field: fieldPath(fastifyError.validationContext, issue.instancePath, issue.params?.missingProperty as string | undefined),
      reason: issue.message ?? 'is invalid',
    }));
    return { problem: problemFor(request, 'validation_failed', describeFieldErrors(errors), { errors }), log: false };
  }
  if (status >= 400 && status < 500) {
    const code = (Object.entries(ERROR_STATUS).find(([, s]) => s === status)?.[0] ?? 'bad_request') as ErrorCode;
    // A stream or parser error without a code (an aborted or malformed body) is about the body.
    const known = FRAMEWORK_ERROR_FIELDS[fastifyError.code] ?? (fastifyError.code ? undefined : { field: 'body' });
    const errors = known ? [{ field: known.field, reason: known.reason ?? fastifyError.message }] : undefined;
    const detail = errors ? describeFieldErrors(errors) : fastifyError.message;
    return { problem: { ...problemFor(request, code, detail, errors ? { errors } : {}), status }, log: false };
  }
  if (isDatabaseUnavailable(error)) {
    // An outage, not a bug: the client may retry (readiness meanwhile says 503 too).
    return {
      problem: problemFor(request, 'service_unavailable', 'The service is briefly unavailable; try again shortly.', { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS }),
      log: true,
    };
  }
  if (isIntegrityViolation(error)) {
    // The service's own checks passed, then a concurrent change made the write break a database
    // rule (a floor raised, a duplicate inserted first): the caller's view is stale, not a bug.
    return { problem: problemFor(request, 'conflict', 'Something changed meanwhile; reload and try again.'), log: true };
  }
  return { problem: problemFor(request, 'internal', 'Something went wrong on our side.'), log: true };
}

const DATABASE_RETRY_AFTER_SECONDS = 5;

export function describeFieldErrors(errors: FieldError[]): string {
  return errors.map((error) => `${error.field}: ${error.reason}`).join('; ');
}

/** The one place that turns errors into HTTP responses. 5xx details never leave the server. */
export function registerProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | DomainError | Error, request, reply) => {
    const { problem, log } = toProblem(error, request);
    if (log) request.log.error({ err: error, traceId: request.id }, 'request failed');
    if ((problem.status === 429 || problem.status === 503) && typeof problem.retryAfterSeconds === 'number') {
      reply.header('Retry-After', String(problem.retryAfterSeconds));
    }
    return sendProblem(reply, problem);
  });
}

/**
 * Fastify's `frameworkErrors` option: a path that is not valid percent-encoding (`/%FF`) or a
 * path parameter longer than the router accepts (414) is refused before routing, outside the
 * error handler, so it is rendered here the same way.
 */
export function handleFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.header('X-Trace-ID', request.id);
  return sendProblem(reply, toProblem(error, request).problem);
}
