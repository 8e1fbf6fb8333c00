/**
 * The one error type services throw. The HTTP layer maps each code to a status and renders
 * application/problem+json (see http/problem.ts); nothing else decides statuses.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  // Approving one's own instructor profile: approval means someone else looked (PRODUCT.md §12).
  self_approval: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  // A write that must name the version it changes (If-Match) and did not.
  precondition_required: 428,
  rate_limited: 429,
  // Sign-in outcomes the web app tells apart; none of them says whether the email exists.
  invalid_credentials: 401,
  captcha_required: 401,
  totp_required: 401,
  invalid_second_factor: 401,
  account_locked: 429,
  internal: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  /** Dotted path of the offending input, e.g. `body.email` or `query.limit`. */
  field: string;
  reason: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: { errors?: FieldError[]; [key: string]: unknown };

  constructor(code: ErrorCode, message: string, details: { errors?: FieldError[]; [key: string]: unknown } = {}) {
    // A refusal the caller caused (4xx) is an answer, not a fault: its code and message say what
    // happened, it is never logged, and capturing its stack was 1% of the CPU of a booking race
    // (199 of them at once). A 5xx keeps its stack for the log.
    const stackTraceLimit = Error.stackTraceLimit;
    if (ERROR_STATUS[code] < 500) Error.stackTraceLimit = 0;
    try {
      super(message);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.code = code;
    this.details = details;
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} was not found`);
