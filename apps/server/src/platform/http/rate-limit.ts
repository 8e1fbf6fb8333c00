import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Config } from '../../config.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { Coordination } from '../coordination.ts';
import { DomainError } from '../errors.ts';
import { validatePolicy, type RateDecision, type RatePolicy } from '../rate-limit/gcra.ts';
import { describeRate, mostRestrictive, policyField, rateLimitHeaders, toSeconds } from './rate-limit-headers.ts';
import { DEFAULT_API_LIMIT } from './rate-limit-policies.ts';
import { addressSubject, hashedSubject } from './rate-limit-subject.ts';
import { routeOptionsOf } from './route-options.ts';

/**
 * Per-route rate limits (GCRA, through the platform's RateLimiter port: shared by every process
 * when Redis is configured). A route declares its limits beside itself:
 *
 *   config: { access: 'public', rateLimit: [{ name: 'auth-login', policy: { limit: 30, periodMs: 15 * MINUTE }, by: 'ip' }] }
 *
 * An /api/v1 route that declares nothing gets DEFAULT_API_LIMIT; `rateLimit: []` says "no limit"
 * on purpose. Limits with the same name and scope share one budget across routes.
 */
export type RateLimitMode = 'enforce' | 'shadow' | 'off';

/** Whom a limit counts: the caller's address, the signed-in caller, everyone, or a key the route computes (null: not counted). */
export type RateLimitScope = 'ip' | 'user' | 'global' | ((request: FastifyRequest) => string | null);

export interface RouteRateLimit {
  name: string;
  policy: RatePolicy;
  by: RateLimitScope;
  /** How many requests one call counts as (default 1). */
  cost?: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    rateLimit?: RouteRateLimit[];
  }
}

interface Subject {
  key: string;
  /** "per user", "per IP address"… for the 429's detail. */
  label: string;
}

/**
 * The store key of one limit for one request: `route:{name}:ip:{address}`, `route:{name}:user:{id}`
 * (`client:{id}` for machine clients; `anon:{address}` when nobody is signed in, so anonymous
 * callers are counted per address without sharing the route's own per-IP budget),
 * `route:{name}:global`, or `route:{name}:key:{hash}` for a computed key. Null: not counted.
 */
export function subjectOf(limit: RouteRateLimit, request: FastifyRequest): Subject | null {
  const prefix = `route:${limit.name}`;
  if (typeof limit.by === 'function') {
    const value = limit.by(request);
    return value === null ? null : { key: `${prefix}:key:${hashedSubject(value)}`, label: 'for what this request targets' };
  }
  switch (limit.by) {
    case 'global':
      return { key: `${prefix}:global`, label: 'across all callers' };
    case 'ip':
      return { key: `${prefix}:ip:${addressSubject(request.ip)}`, label: 'per IP address' };
    case 'user': {
      const principal = request.principal ?? null;
      if (principal?.kind === 'user') return { key: `${prefix}:user:${principal.userId}`, label: 'per user' };
      if (principal?.kind === 'machine') return { key: `${prefix}:client:${principal.clientId}`, label: 'per client' };
      return { key: `${prefix}:anon:${addressSubject(request.ip)}`, label: 'per IP address' };
    }
  }
}

/** The limits a route runs under: its own, or the default for API routes. */
export function limitsForRoute(url: string, declared: RouteRateLimit[] | undefined): RouteRateLimit[] {
  if (declared) return declared;
  return url.startsWith('/api/v1') ? [DEFAULT_API_LIMIT] : [];
}

/** A mistake in a route's limits fails at start-up, in every mode, rather than on the first request. */
function assertValidLimits(route: Pick<RouteOptions, 'method' | 'url'>, limits: RouteRateLimit[]): void {
  const seen = new Set<string>();
  for (const limit of limits) {
    const where = `Route ${String(route.method)} ${route.url}`;
    if (!/^[A-Za-z0-9._-]+$/.test(limit.name)) throw new Error(`${where}: rate limit name "${limit.name}" must be letters, digits, '.', '_' or '-'`);
    try {
      validatePolicy(limit.policy);
    } catch (error) {
      throw new Error(`${where}: rate limit "${limit.name}": ${(error as Error).message}`);
    }
    if (limit.cost !== undefined && !(Number.isInteger(limit.cost) && limit.cost >= 1)) {
      throw new Error(`${where}: rate limit "${limit.name}": cost must be a positive integer`);
    }
    const scope = typeof limit.by === 'function' ? 'key' : limit.by;
    if (seen.has(`${limit.name}:${scope}`)) throw new Error(`${where}: rate limit "${limit.name}" is declared twice for "${scope}"`);
    seen.add(`${limit.name}:${scope}`);
  }
}

const ourHooks = new WeakSet<object>();

interface Evaluated {
  limit: RouteRateLimit;
  policy: RatePolicy;
  subject: Subject;
  decision: RateDecision;
}

/** A subject over its budget in shadow mode is reported at most this often (with how many refusals went unreported). */
export const SHADOW_WARNING_INTERVAL_MS = 60_000;

/**
 * Shadow mode's warnings, one per limit and subject per interval: a caller flooding a route
 * would otherwise add a warning line to every request it makes (log volume doubles exactly
 * when the service is under pressure, and the warning cost more than the cached read).
 */
class ShadowWarnings {
  private readonly last = new Map<string, { atMs: number; unreported: number }>();

  constructor(private readonly clock: Clock) {}

  /** Undefined: not reported this time. Otherwise how many refusals of this subject went unreported since the previous warning. */
  report(key: string): number | undefined {
    const nowMs = this.clock.nowMs();
    const seen = this.last.get(key);
    if (seen && nowMs - seen.atMs < SHADOW_WARNING_INTERVAL_MS) {
      seen.unreported += 1;
      return undefined;
    }
    if (this.last.size >= 10_000) {
      for (const [other, entry] of this.last) if (nowMs - entry.atMs >= SHADOW_WARNING_INTERVAL_MS) this.last.delete(other);
      if (this.last.size >= 10_000) this.last.clear();
    }
    this.last.set(key, { atMs: nowMs, unreported: 0 });
    return seen?.unreported ?? 0;
  }
}

function rateLimitHook(limits: RouteRateLimit[], coordination: Pick<Coordination, 'rateLimiter'>, mode: 'enforce' | 'shadow', shadowWarnings: ShadowWarnings) {
  // The RateLimit-Policy field depends on the route only: built once, not per request.
  const policyHeader = policyField(limits.map((limit) => limit.policy));
  return async function rateLimit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const evaluated: Evaluated[] = [];
    for (const limit of limits) {
      const subject = subjectOf(limit, request);
      if (!subject) continue;
      let decision: RateDecision;
      try {
        decision = await coordination.rateLimiter.consume(subject.key, limit.policy, limit.cost ?? 1);
      } catch (error) {
        // Redis accelerates, never owns: without it we serve rather than refuse everyone.
        request.log.error({ err: error, rateLimit: { name: limit.name, key: subject.key } }, 'rate limiter unavailable; request allowed');
        continue;
      }
      evaluated.push({ limit, policy: limit.policy, subject, decision });
      // The first refusal ends the evaluation: a caller over a narrow budget (theirs) must not spend the wider ones (everyone's).
      if (!decision.allowed) break;
    }
    if (evaluated.length > 0) reply.headers(rateLimitHeaders(evaluated, policyHeader));

    const refused = mostRestrictive(evaluated);
    if (!refused || refused.decision.allowed) return;
    const retryAfterSeconds = Math.max(1, toSeconds(refused.decision.retryAfterMs));
    if (mode === 'shadow') {
      const unreported = shadowWarnings.report(`${refused.limit.name}\n${refused.subject.key}`);
      if (unreported === undefined) return;
      request.log.warn(
        { rateLimit: { mode, name: refused.limit.name, key: refused.subject.key, route: routeOptionsOf(request).url, retryAfterSeconds, unreported } },
        'rate limit exceeded (shadow mode: request allowed)',
      );
      return;
    }
    throw new DomainError(
      'rate_limited',
      `Too many requests: the "${refused.limit.name}" limit (${describeRate(refused.policy)} ${refused.subject.label}) was reached. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
      { retryAfterSeconds, rateLimit: refused.limit.name },
    );
  };
}

/**
 * Installs the limits on every route registered after this call. The check is added as the
 * route's own last preHandler: Fastify runs route-level hooks after every shared hook of the
 * same stage, so authentication (whatever stage it uses) has set `request.principal`, and the
 * body is parsed for limits keyed on it. Mode `off` installs nothing; `shadow` counts, sends
 * the headers and logs a warning where `enforce` would answer 429 (once a minute per limit and
 * subject, with the number of refusals not reported in between).
 */
export function registerRateLimiting(
  app: FastifyInstance,
  deps: { coordination: Pick<Coordination, 'rateLimiter'>; config: Pick<Config, 'RATE_LIMIT_MODE'>; clock?: Clock },
): void {
  const mode: RateLimitMode = deps.config.RATE_LIMIT_MODE;
  const shadowWarnings = new ShadowWarnings(deps.clock ?? systemClock);
  app.addHook('onRoute', (route) => {
    const limits = limitsForRoute(route.url, route.config?.rateLimit);
    assertValidLimits(route, limits);
    if (mode === 'off' || limits.length === 0) return;
    const existing = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    if (existing.some((hook) => ourHooks.has(hook))) return;
    const hook = rateLimitHook(limits, deps.coordination, mode, shadowWarnings);
    ourHooks.add(hook);
    route.preHandler = [...existing, hook] as RouteOptions['preHandler'];
  });
}
