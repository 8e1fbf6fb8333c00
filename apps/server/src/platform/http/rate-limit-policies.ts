import type { RatePolicy } from '../rate-limit/gcra.ts';
import type { RouteRateLimit } from './rate-limit.ts';

const MINUTE = 60_000;

/**
 * Every /api/v1 route that declares no limit of its own shares this per-IP budget: 600
 * requests a minute (10 a second sustained, bursts up to 600). A page of the web app makes a
 * handful of calls, so only scripts ever meet it.
 */
export const DEFAULT_API_LIMIT: RouteRateLimit = { name: 'api', policy: { limit: 600, periodMs: MINUTE }, by: 'ip' };

/** The triple protection on money routes (PRODUCT.md §11); each budget can be overridden. */
export const MONEY_ROUTE_POLICIES = {
  /** One person: a few bookings or payment changes a minute is already a lot. */
  perUser: { limit: 10, periodMs: MINUTE },
  /** One address: a household or an office shares it, so a few people's worth. */
  perIp: { limit: 30, periodMs: MINUTE },
  /** Everyone together: keeps a runaway client or a card-testing wave from using up the payment provider's own rate limit. */
  global: { limit: 600, periodMs: MINUTE },
} as const satisfies Record<string, RatePolicy>;

/**
 * Per user, per IP and global limits for a money route, in that order: limits are evaluated in
 * order and the first refusal stops the evaluation, so one caller over their own budget never
 * spends the shared ones.
 */
export function moneyRouteLimits(
  name: string,
  overrides: Partial<Record<keyof typeof MONEY_ROUTE_POLICIES, RatePolicy>> = {},
): RouteRateLimit[] {
  const policies = { ...MONEY_ROUTE_POLICIES, ...overrides };
  return [
    { name, policy: policies.perUser, by: 'user' },
    { name, policy: policies.perIp, by: 'ip' },
    { name, policy: policies.global, by: 'global' },
  ];
}
