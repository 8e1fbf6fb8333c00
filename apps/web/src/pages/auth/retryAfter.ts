import { ApiProblem } from '../../api/problem';

/** "Try again in 15 minutes." from a 429's Retry-After, unless the detail already says so. */
export function retryAfterMessage(error: unknown): string | undefined {
  if (!(error instanceof ApiProblem) || error.retryAfterSeconds === undefined) return undefined;
  if (error.detail && /try again in/i.test(error.detail)) return undefined;
  const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
  return `Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}
