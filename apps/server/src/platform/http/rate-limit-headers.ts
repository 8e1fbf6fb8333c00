import type { RateDecision, RatePolicy } from '../rate-limit/gcra.ts';

/**
 * The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers, the separate-field
 * revision that clients and gateways understand today):
 *   RateLimit-Limit / -Remaining / -Reset  the most restrictive limit this request met;
 *   RateLimit-Policy                       every limit of the route: `limit;w=seconds[;burst=n]`.
 * Reset is in seconds: when refused, until the request would be allowed (= Retry-After);
 * otherwise until the budget is full again.
 */
export interface Evaluation {
  policy: RatePolicy;
  decision: RateDecision;
}

/** A refusal first; otherwise the fewest remaining, then the longest until reset. */
export function mostRestrictive<T extends Evaluation>(evaluations: readonly T[]): T | undefined {
  let worst: T | undefined;
  for (const candidate of evaluations) {
    if (!worst || tighter(candidate.decision, worst.decision)) worst = candidate;
  }
  return worst;
}

function tighter(a: RateDecision, b: RateDecision): boolean {
  if (a.allowed !== b.allowed) return !a.allowed;
  if (a.remaining !== b.remaining) return a.remaining < b.remaining;
  return resetMs(a) > resetMs(b);
}

const resetMs = (decision: RateDecision) => (decision.allowed ? decision.resetAfterMs : decision.retryAfterMs);

export const toSeconds = (ms: number): number => Math.max(0, Math.ceil(ms / 1000));

export function policyField(policies: readonly RatePolicy[]): string {
  return policies
    .map((policy) => {
      const window = Math.max(1, Math.round(policy.periodMs / 1000));
      const burst = policy.burst !== undefined && policy.burst !== policy.limit ? `;burst=${policy.burst}` : '';
      return `${policy.limit};w=${window}${burst}`;
    })
    .join(', ');
}

/** The route's policies: an array, or its RateLimit-Policy field computed once (policyField) for the hot path. */
export function rateLimitHeaders(evaluations: readonly Evaluation[], routePolicies: readonly RatePolicy[] | string): Record<string, string> {
  const worst = mostRestrictive(evaluations);
  if (!worst) return {};
  return {
    'RateLimit-Limit': String(worst.decision.limit),
    'RateLimit-Remaining': String(worst.decision.remaining),
    'RateLimit-Reset': String(toSeconds(resetMs(worst.decision))),
    'RateLimit-Policy': typeof routePolicies === 'string' ? routePolicies : policyField(routePolicies),
  };
}

/** "10 per minute", "5 per 15 minutes": for the 429's detail. */
export function describeRate(policy: RatePolicy): string {
  const units: Array<[number, string]> = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1_000, 'second'],
  ];
  for (const [size, unit] of units) {
    if (policy.periodMs % size === 0) {
      const count = policy.periodMs / size;
      return `${policy.limit} per ${count === 1 ? unit : `${count} ${unit}s`}`;
    }
  }
  return `${policy.limit} per ${policy.periodMs} ms`;
}
