import { problemTitle } from './problemTitle';

/** A field-level validation error inside a problem document. */
export interface ProblemFieldError {
  field: string;
  reason: string;
}

interface ProblemInit {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  /** The API's machine-readable reason, e.g. `invalid_credentials`, `totp_required`. */
  code?: string;
  traceId?: string;
  errors?: ProblemFieldError[];
  /** From a 429's `Retry-After` header (or a `retryAfterSeconds` extension). */
  retryAfterSeconds?: number;
}

/**
 * An RFC 9457 `application/problem+json` error from the API (or a client-side failure
 * described the same way, with status 0), thrown by query functions.
 */
export class ApiProblem extends Error {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly code?: string;
  readonly traceId?: string;
  readonly errors: ProblemFieldError[];
  readonly retryAfterSeconds?: number;

  constructor(init: ProblemInit) {
    super(init.detail ? `${init.title}: ${init.detail}` : init.title);
    this.name = 'ApiProblem';
    this.type = init.type ?? 'about:blank';
    this.title = init.title;
    this.status = init.status;
    this.detail = init.detail;
    this.code = init.code;
    this.traceId = init.traceId;
    this.errors = init.errors ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

function fieldErrors(value: unknown): ProblemFieldError[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((e) => ({ field: String(e.field ?? ''), reason: String(e.reason ?? '') }));
}

/** `Retry-After` as seconds: either a number of seconds or an HTTP date. */
function retryAfter(response: Response, body: unknown): number | undefined {
  const header = response.headers.get('retry-after');
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds;
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, Math.round((date - Date.now()) / 1000));
  }
  if (isRecord(body) && typeof body.retryAfterSeconds === 'number') return body.retryAfterSeconds;
  return undefined;
}

/** Builds an ApiProblem from an error response body (parsed JSON or text) and the response. */
export function problemFromResponse(body: unknown, response: Response): ApiProblem {
  const traceId = response.headers.get('x-trace-id') ?? undefined;
  const retryAfterSeconds = retryAfter(response, body);
  if (isRecord(body)) {
    const status = typeof body.status === 'number' ? body.status : response.status;
    return new ApiProblem({
      type: str(body.type),
      title: problemTitle(str(body.code), status, str(body.title)),
      status,
      detail: str(body.detail),
      code: str(body.code),
      traceId: str(body.traceId) ?? traceId,
      errors: fieldErrors(body.errors),
      retryAfterSeconds,
    });
  }
  return new ApiProblem({
    title: problemTitle(undefined, response.status, undefined),
    status: response.status,
    detail: str(body),
    traceId,
    retryAfterSeconds,
  });
}

/** The problem's code when `error` is an ApiProblem (`isProblem(error, 'totp_required')`). */
export function isProblem(error: unknown, code: string): error is ApiProblem {
  return error instanceof ApiProblem && error.code === code;
}

/** Describes a failure that produced no usable response (network down, invalid JSON...). */
export function problemFromFailure(cause: unknown): ApiProblem {
  if (cause instanceof ApiProblem) return cause;
  if (cause instanceof SyntaxError) {
    return new ApiProblem({
      title: 'Unexpected response',
      status: 0,
      detail: 'The server sent a response we could not read. Please try again.',
    });
  }
  return new ApiProblem({
    title: 'Could not reach InstaInstru',
    status: 0,
    detail: 'Check your internet connection and try again.',
  });
}
