/**
 * How the local Stripe's events travel to our webhook endpoint (development and tests): pure
 * rules, no I/O. Stripe retries a failed delivery with exponential backoff for up to three days;
 * locally ~a day is enough to see the behaviour without leaving stale retries around for weeks.
 */

/** pg-boss queue options of the delivery job: attempts after the first, first delay, cap. */
export const DELIVERY_RETRY = {
  retryLimit: 7,
  retryDelaySeconds: 600,
  retryDelayMaxSeconds: 12 * 3600,
} as const;

export type RetryOptions = { retryLimit: number; retryDelaySeconds: number; retryDelayMaxSeconds: number };

/**
 * The window in which each retry starts after the failure before it, as pg-boss computes it
 * with retryBackoff (manager's fail plan): after the n-th failure (n = 1, 2, …) the delay is
 * `min(max, delay · 2^(n-1) · (1 + random))`, so between `delay · 2^(n-1)` and twice that.
 */
export function retryWindows(options: RetryOptions = DELIVERY_RETRY): Array<{ retry: number; minSeconds: number; maxSeconds: number }> {
  const windows = [];
  for (let retry = 1; retry <= options.retryLimit; retry++) {
    const base = Math.max(options.retryDelaySeconds, 1) * 2 ** Math.min(16, retry - 1);
    windows.push({
      retry,
      minSeconds: Math.min(options.retryDelayMaxSeconds, base),
      maxSeconds: Math.min(options.retryDelayMaxSeconds, 2 * base),
    });
  }
  return windows;
}

/** From the first attempt to the last: the shortest and longest span the retries can take. */
export function retrySpan(options: RetryOptions = DELIVERY_RETRY): { attempts: number; minSeconds: number; maxSeconds: number } {
  const windows = retryWindows(options);
  return {
    attempts: options.retryLimit + 1,
    minSeconds: windows.reduce((sum, w) => sum + w.minSeconds, 0),
    maxSeconds: windows.reduce((sum, w) => sum + w.maxSeconds, 0),
  };
}

/** Stripe counts any 2xx as delivered; everything else (3xx included) is retried. */
export function isDelivered(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * `in_order`: each event once, in the order the local Stripe produced them (how Stripe usually
 * behaves). `duplicated_shuffled`: each event twice, in a random order (Stripe guarantees
 * neither uniqueness nor order), so the tests prove the endpoint stores and processes once.
 */
export type DeliveryMode = 'in_order' | 'duplicated_shuffled';

/** The deliveries to queue for a batch of events (one local Stripe call's). `random` in [0, 1). */
export function deliveryPlan<T>(events: readonly T[], mode: DeliveryMode, random: () => number = Math.random): T[] {
  if (mode === 'in_order') return [...events];
  const plan = [...events, ...events];
  // Fisher–Yates.
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [plan[i], plan[j]] = [plan[j]!, plan[i]!];
  }
  return plan;
}

/** A connection error's message as stored (the column is bounded). */
export function failureText(error: unknown): string {
  const message = error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
  return message.length > 1000 ? `${message.slice(0, 999)}…` : message;
}
