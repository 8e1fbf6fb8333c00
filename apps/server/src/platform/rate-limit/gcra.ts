/**
 * Generic Cell Rate Algorithm: a rate limit as one number per key, the "theoretical arrival
 * time" (TAT). Pure, so the in-memory adapter, the Redis script and the tests agree.
 *
 * A policy allows `limit` requests per `periodMs` on average and at most `burst` at once
 * (default: `limit`). Each request pushes the TAT forward by one emission interval
 * T = periodMs / limit; a request is refused when that would put the TAT further than
 * burst × T ahead of now.
 */
export interface RatePolicy {
  limit: number;
  periodMs: number;
  burst?: number;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  /** Requests that could still be made right now. */
  remaining: number;
  /** When refused: how long until this request would be allowed. 0 when allowed. */
  retryAfterMs: number;
  /** How long until the key is back to a full burst. */
  resetAfterMs: number;
}

export interface GcraStep {
  decision: RateDecision;
  /** The TAT to store when allowed; the stored one stays when refused. */
  newTatMs: number | null;
}

export function validatePolicy(policy: RatePolicy): void {
  if (!(policy.limit > 0) || !Number.isFinite(policy.limit)) throw new RangeError('limit must be positive');
  if (!(policy.periodMs > 0) || !Number.isFinite(policy.periodMs)) throw new RangeError('periodMs must be positive');
  if (policy.burst !== undefined && !(policy.burst >= 1)) throw new RangeError('burst must be at least 1');
}

export function gcra(storedTatMs: number | null, nowMs: number, policy: RatePolicy, cost = 1): GcraStep {
  validatePolicy(policy);
  const burst = policy.burst ?? policy.limit;
  const interval = policy.periodMs / policy.limit;
  const tolerance = interval * burst;
  // An allowed request stores at most now + tolerance, so a TAT further ahead means the clock
  // was moved back (development's POST /dev/clock): it counts requests of a future that has not
  // happened, and would refuse everyone until the clock caught up. Start afresh instead.
  const stored = storedTatMs !== null && storedTatMs > nowMs + tolerance ? null : storedTatMs;
  const tat = Math.max(stored ?? nowMs, nowMs);
  const newTat = tat + interval * cost;
  const allowAt = newTat - tolerance;

  if (nowMs < allowAt) {
    return {
      decision: {
        allowed: false,
        limit: burst,
        remaining: 0,
        retryAfterMs: Math.ceil(allowAt - nowMs),
        resetAfterMs: Math.ceil(tat - nowMs),
      },
      newTatMs: null,
    };
  }
  return {
    decision: {
      allowed: true,
      limit: burst,
      remaining: Math.max(0, Math.floor((tolerance - (newTat - nowMs)) / interval + 1e-9)),
      retryAfterMs: 0,
      resetAfterMs: Math.ceil(newTat - nowMs),
    },
    newTatMs: newTat,
  };
}
