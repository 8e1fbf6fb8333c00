/**
 * The heading a person reads for a failed request. The API's titles name HTTP statuses
 * ("Conflict", "Gone", "Bad request"); these say what happened in plain words. Titles the
 * API words for people (invalid credentials, a locked account, a code required) are kept.
 */
const BY_CODE: Record<string, string> = {
  validation_failed: 'Some fields need a change',
  bad_request: 'Something in the request isn’t right',
  unauthenticated: 'Please log in again',
  forbidden: 'You don’t have access to this',
  not_found: 'We couldn’t find that',
  method_not_allowed: 'That can’t be done here',
  conflict: 'That clashes with something already saved',
  gone: 'This is no longer available',
  precondition_failed: 'This changed in the meantime',
  precondition_required: 'Please reload and try again',
  payload_too_large: 'That is too large',
  unsupported_media_type: 'That kind of file isn’t supported',
  unprocessable: 'We couldn’t do that',
  rate_limited: 'Too many attempts',
  internal: 'Something went wrong on our side',
  service_unavailable: 'InstaInstru is briefly unavailable',
};

function byStatus(status: number): string {
  if (status === 401) return BY_CODE.unauthenticated!;
  if (status === 403) return BY_CODE.forbidden!;
  if (status === 404) return BY_CODE.not_found!;
  if (status === 409) return BY_CODE.conflict!;
  if (status === 410) return BY_CODE.gone!;
  if (status === 429) return BY_CODE.rate_limited!;
  if (status >= 500) return BY_CODE.internal!;
  return BY_CODE.bad_request!;
}

/** `code` and `status` from the problem; `title` is the API's own, kept for codes not listed here. */
export function problemTitle(code: string | undefined, status: number, title: string | undefined): string {
  if (code && BY_CODE[code]) return BY_CODE[code];
  if (code && title) return title;
  return byStatus(status);
}
