/**
 * What every operation of the OpenAPI document states about access and errors, derived once
 * here from what the route declares (its `config.access` and its schema) rather than written
 * by hand in each route: the security requirement, the permission in the description, and the
 * application/problem+json responses it can answer. Statuses that only a service knows about
 * (a conflict, an expired link) are listed in EXTRA_ERRORS, by operation.
 */

type JsonObject = Record<string, unknown>;

/** The vendor key the transform stores the route's declared access under, removed again here. */
export const ACCESS_KEY = 'x-access';

export const BEARER_SCHEME = 'bearerAuth';
export const OAUTH2_SCHEME = 'oauth2ClientCredentials';
/** Shared error responses are components named Problem400, Problem401, … */
export const PROBLEM_RESPONSE_PREFIX = 'Problem';

const ERROR_DESCRIPTIONS: Record<string, string> = {
  '400': 'Invalid input: `errors` names each field (`body.email`, `query.limit`, …) with the reason.',
  '401': 'Not signed in, or the access token is invalid or expired: refresh it (POST /api/v1/auth/refresh) or log in again.',
  '403': 'Signed in, but without the permission this operation needs, or not the owner of the resource.',
  '404': 'Nothing with this identifier, or nothing you may see.',
  '409': 'Conflicts with the current state (the detail says how to resolve it).',
  '410': 'The link or code has expired or was already used: request a new one.',
  '412': 'If-Match names an older version: read again, then retry with the new ETag.',
  '413': 'The upload is too large.',
  '415': 'Unsupported media type.',
  '422': 'Understood, but not possible in the current state.',
  '428': 'If-Match is required: send the ETag of your last read.',
  '429': 'Too many requests: wait for the number of seconds in `Retry-After`.',
  '503': 'A dependency is unavailable right now: retry shortly.',
};

/**
 * Statuses a service answers beyond those derived from access and schema, by `METHOD path`
 * (grep DomainError('conflict' | 'gone' | … in modules/ to check this list).
 */
const EXTRA_ERRORS: Record<string, string[]> = {
  'POST /api/v1/auth/register': ['409'],
  'POST /api/v1/auth/login': ['401'],
  'POST /api/v1/auth/refresh': ['401'],
  'POST /api/v1/auth/verify-email': ['410'],
  'POST /api/v1/auth/verify-email/resend': ['409'],
  'POST /api/v1/auth/password-reset/confirm': ['410'],
  'POST /api/v1/me/2fa/setup': ['409'],
  'POST /api/v1/me/2fa/confirm': ['409'],
  'POST /api/v1/me/2fa/disable': ['409'],
  'POST /api/v1/me/phone': ['409'],
  'POST /api/v1/me/phone/verify': ['410'],
  'POST /api/v1/me/availability/template/apply': ['409'],
  'PUT /api/v1/me/instructor-profile': ['409', '503'],
  'PUT /api/v1/me/instructor-profile/services': ['409'],
  'POST /api/v1/me/instructor-profile/publish': ['409'],
  'POST /api/v1/me/instructor-profile/photo': ['413', '415'],
  'POST /api/v1/admin/instructors/{id}/approve': ['409'],
  'GET /api/v1/ready': ['503'],
  'POST /api/v1/me/recently-viewed': ['404'],
};

/** RFC 9457 problem details, as platform/http/problem.ts renders them. */
export const PROBLEM_DETAILS_SCHEMA: JsonObject = {
  type: 'object',
  description: 'An error (RFC 9457 problem details, `application/problem+json`).',
  required: ['type', 'title', 'status', 'detail', 'instance', 'code', 'traceId'],
  properties: {
    type: { type: 'string', description: 'A URI naming the kind of problem' },
    title: { type: 'string', description: 'The kind of problem, in words' },
    status: { type: 'integer', description: 'The HTTP status' },
    detail: { type: 'string', description: 'What went wrong this time, for people' },
    instance: { type: 'string', description: 'The request path' },
    code: { type: 'string', description: 'Stable machine-readable code: validation_failed, unauthenticated, forbidden, not_found, conflict, rate_limited, …' },
    traceId: { type: 'string', description: 'Also in the X-Trace-ID header: quote it when reporting a problem' },
    errors: {
      type: 'array',
      description: 'Field errors (400)',
      items: {
        type: 'object',
        required: ['field', 'reason'],
        properties: {
          field: { type: 'string', description: 'Dotted path of the offending input, e.g. `body.email` or `query.codes`' },
          reason: { type: 'string' },
        },
      },
    },
  },
  additionalProperties: true,
};

function problemResponse(status: string): JsonObject {
  return {
    description: ERROR_DESCRIPTIONS[status] ?? 'An error.',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
    ...(status === '429' ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } } : {}),
  };
}

/** Permissions about the caller themselves (`…_own`, `…:own`) need a signed-in user; others may be a machine client's scope. */
function machineMayHold(permission: string): boolean {
  return !/(_own|:own)$/.test(permission);
}

/** The error statuses one operation can answer. */
export function errorStatusesOf(method: string, path: string, operation: JsonObject, access: string): string[] {
  const parameters = (operation.parameters as Array<{ in: string; name: string }> | undefined) ?? [];
  const statuses = new Set<string>(EXTRA_ERRORS[`${method.toUpperCase()} ${path}`] ?? []);
  if (parameters.length > 0 || operation.requestBody) statuses.add('400');
  if (access !== 'public') {
    statuses.add('401');
    statuses.add('403');
  }
  if (parameters.some((parameter) => parameter.in === 'path')) statuses.add('404');
  if (parameters.some((parameter) => parameter.in === 'header' && parameter.name.toLowerCase() === 'if-match')) {
    statuses.add('412');
    statuses.add('428');
  }
  // Every /api/v1 route has at least the shared per-address budget (rate-limit-policies.ts).
  if (path.startsWith('/api/v1/')) statuses.add('429');
  return [...statuses].sort();
}

/**
 * Completes the generated document: security schemes and the problem schema as components,
 * and for each operation its security requirement (none for public ones), the permission in
 * its description, and its error responses.
 */
export function completeOperations(document: JsonObject, options: { oauthTokenUrl: string | null }): JsonObject {
  const components = ((document.components as JsonObject | undefined) ?? {}) as JsonObject;
  const permissions = new Set<string>();
  const usedStatuses = new Set<string>();
  const paths = (document.paths as Record<string, Record<string, JsonObject>> | undefined) ?? {};

  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const access = typeof operation[ACCESS_KEY] === 'string' ? (operation[ACCESS_KEY] as string) : 'public';
      delete operation[ACCESS_KEY];
      const responses = (operation.responses as JsonObject | undefined) ?? {};
      for (const status of errorStatusesOf(method, path, operation, access)) {
        usedStatuses.add(status);
        responses[status] ??= { $ref: `#/components/responses/${PROBLEM_RESPONSE_PREFIX}${status}` };
      }
      operation.responses = responses;
      if (access === 'public') {
        operation.security = [];
        continue;
      }
      permissions.add(access);
      const viaMachine = options.oauthTokenUrl !== null && machineMayHold(access);
      operation.security = [{ [BEARER_SCHEME]: [] }, ...(viaMachine ? [{ [OAUTH2_SCHEME]: [access] }] : [])];
      const requirement =
        `Requires the \`${access}\` permission: send \`Authorization: Bearer <accessToken>\` of a signed-in user whose role grants it` +
        (viaMachine ? `, or a machine client's token with the \`${access}\` scope.` : '.');
      operation.description = [operation.description, requirement].filter(Boolean).join('\n\n');
      operation['x-permission'] = access;
    }
  }

  components.schemas = { ...((components.schemas as JsonObject | undefined) ?? {}), ProblemDetails: PROBLEM_DETAILS_SCHEMA };
  components.responses = {
    ...((components.responses as JsonObject | undefined) ?? {}),
    ...Object.fromEntries([...usedStatuses].sort().map((status) => [`${PROBLEM_RESPONSE_PREFIX}${status}`, problemResponse(status)])),
  };
  components.securitySchemes = {
    [BEARER_SCHEME]: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'A user’s access token. Get it from `POST /api/v1/auth/login` (`{ email, password }` → `accessToken`, valid 15 minutes; ' +
        'the response also sets an httpOnly refresh cookie scoped to /api/v1/auth). When it expires, `POST /api/v1/auth/refresh` ' +
        '(the cookie is sent automatically; an allowed Origin is required) returns a new `accessToken`. Send it as `Authorization: Bearer <accessToken>`.',
    },
    ...(options.oauthTokenUrl !== null
      ? {
          [OAUTH2_SCHEME]: {
            type: 'oauth2',
            description:
              'Machine clients (the admin assistant): OAuth2 client credentials, RS256 JWTs whose scopes are permission names. ' +
              'Only for operations that are not about "your own" data.',
            flows: {
              clientCredentials: {
                tokenUrl: options.oauthTokenUrl,
                scopes: Object.fromEntries([...permissions].filter(machineMayHold).sort().map((permission) => [permission, `The ${permission} permission`])),
              },
            },
          },
        }
      : {}),
  };
  document.components = components;
  return document;
}
