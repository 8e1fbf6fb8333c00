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
  traceId?: string;
  errors?: ProblemFieldError[];
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
  readonly traceId?: string;
  readonly errors: ProblemFieldError[];

  constructor(init: ProblemInit) {
    super(init.detail ? `${init.title}: ${init.detail}` : init.title);
    this.name = 'ApiProblem';
    this.type = init.type ?? 'about:blank';
    this.title = init.title;
    this.status = init.status;
    this.detail = init.detail;
    this.traceId = init.traceId;
    this.errors = init.errors ?? [];
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

function fieldErrors(value: unknown): ProblemFieldError[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((e) => ({ field: String(e.field ?? ''), reason: String(e.reason ?? '') }));
}

/** Builds an ApiProblem from an error response body (parsed JSON or text) and the response. */
export function problemFromResponse(body: unknown, response: Response): ApiProblem {
  const traceId = response.headers.get('x-trace-id') ?? undefined;
  if (isRecord(body)) {
    return new ApiProblem({
      type: str(body.type),
      title: str(body.title) ?? response.statusText ?? 'Request failed',
      status: typeof body.status === 'number' ? body.status : response.status,
      detail: str(body.detail),
      traceId: str(body.traceId) ?? traceId,
      errors: fieldErrors(body.errors),
    });
  }
  return new ApiProblem({
    title: response.statusText || 'Request failed',
    status: response.status,
    detail: str(body),
    traceId,
  });
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
