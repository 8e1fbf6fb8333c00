import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
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
    return { problem: { ...problemFor(request, code, fastifyError.message), status }, log: false };
  }
  return { problem: problemFor(request, 'internal', 'Something went wrong on our side.'), log: true };
}

export function describeFieldErrors(errors: FieldError[]): string {
  return errors.map((error) => `${error.field}: ${error.reason}`).join('; ');
}

/** The one place that turns errors into HTTP responses. 5xx details never leave the server. */
export function registerProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | DomainError | Error, request, reply) => {
    const { problem, log } = toProblem(error, request);
    if (log) request.log.error({ err: error, traceId: request.id }, 'request failed');
    if (problem.status === 429 && typeof problem.retryAfterSeconds === 'number') {
      reply.header('Retry-After', String(problem.retryAfterSeconds));
    }
    return sendProblem(reply, problem);
  });
}
